using GeminiClone.Api.Chatrooms;
using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Billing;

/// <param name="Duplicate">Present (true) when this event id was applied before.</param>
public sealed record WebhookReceipt(
    bool Received,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    bool? Duplicate);

/// <summary>The original put <c>tier</c> at the top level of this one response.</summary>
public sealed record SubscriptionStatusResponse(bool Success, string Message, UserTier Tier, SubscriptionData Data);

/// <param name="Status">Stripe's subscription status (<c>active</c>, <c>past_due</c>, <c>canceled</c>, ...), or null without one.</param>
/// <param name="LastPayment"><c>Paid</c> or <c>Failed</c>: the latest invoice's outcome.</param>
public sealed record SubscriptionData(
    UserTier Tier,
    string? Status,
    DateTime? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    PaymentOutcome? LastPayment,
    DateTime? LastPaymentAt,
    QuotaData Usage)
{
    public static SubscriptionData From(SubscriptionStatus status) => new(
        status.Tier,
        status.Subscription?.Status,
        status.Subscription?.CurrentPeriodEnd?.UtcDateTime,
        status.Subscription?.CancelAtPeriodEnd ?? false,
        status.LastPayment,
        status.LastPaymentAt?.UtcDateTime,
        QuotaData.From(status.Quota));
}
