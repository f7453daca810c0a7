using GeminiClone.Grains.Interfaces.Billing;
using Stripe;
using Stripe.Checkout;

namespace GeminiClone.Api.Billing;

/// <summary>
/// Lifts what we act on out of a verified Stripe event; null for the types we do not handle (see <see cref="StripeEventKinds"/>). Stripe sends each
/// account's events in the API version the account is pinned to, and Stripe.net models only the newest, so the
/// shapes older versions use are read from the raw object (<paramref name="raw"/>, the event's <c>data.object</c>).
/// </summary>
public static class StripeEvents
{
    public static StripeEventData? ToEventData(Event stripeEvent, System.Text.Json.JsonElement raw)
    {
        var created = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc));
        StripeEventData Data(string? userId, string? customerId, string? subscriptionId, string? status = null,
            DateTimeOffset? periodEnd = null, bool cancelAtPeriodEnd = false, PaymentOutcome? payment = null) =>
            new(stripeEvent.Id, stripeEvent.Type, created, userId, customerId, subscriptionId, status, periodEnd, cancelAtPeriodEnd, payment);

        var kind = StripeEventKinds.Of(stripeEvent.Type);
        return (kind, stripeEvent.Data.Object) switch
        {
            (StripeEventKind.CheckoutCompleted, Session session) =>
                Data(UserIdOf(session.Metadata) ?? session.ClientReferenceId, session.CustomerId, session.SubscriptionId),
            (StripeEventKind.SubscriptionCreated or StripeEventKind.SubscriptionUpdated or StripeEventKind.SubscriptionDeleted,
                Subscription subscription) =>
                Data(UserIdOf(subscription.Metadata), subscription.CustomerId, subscription.Id,
                    kind == StripeEventKind.SubscriptionDeleted ? "canceled" : subscription.Status,
                    PeriodEndOf(subscription) ?? UnixTime(raw, "current_period_end"), subscription.CancelAtPeriodEnd),
            (StripeEventKind.InvoicePaid or StripeEventKind.InvoicePaymentFailed, Invoice invoice) =>
                // Since 2025-03-31 an invoice names its subscription under parent.subscription_details; before,
                // under subscription (an id, or the object when expanded) and subscription_details.metadata.
                Data(UserIdOf(invoice.Parent?.SubscriptionDetails?.Metadata) ?? Text(raw, "subscription_details", "metadata", "userId"),
                    invoice.CustomerId,
                    invoice.Parent?.SubscriptionDetails?.SubscriptionId ?? Text(raw, "subscription") ?? Text(raw, "subscription", "id"),
                    payment: kind == StripeEventKind.InvoicePaid ? PaymentOutcome.Paid : PaymentOutcome.Failed),
            _ => null,
        };
    }

    /// <summary>A non-blank string at a path of the raw object, or null (missing, another type, blank).</summary>
    private static string? Text(System.Text.Json.JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != System.Text.Json.JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == System.Text.Json.JsonValueKind.String && element.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? text
            : null;
    }

    /// <summary>Before API version 2025-03-31 the period end sat on the subscription itself.</summary>
    private static DateTimeOffset? UnixTime(System.Text.Json.JsonElement element, string name) =>
        element.ValueKind == System.Text.Json.JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind == System.Text.Json.JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string? UserIdOf(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue("userId", out var userId) && userId.Length > 0 ? userId : null;

    /// <summary>Since API version 2025-03-31 the period lives on the subscription's items.</summary>
    private static DateTimeOffset? PeriodEndOf(Subscription subscription) =>
        subscription.Items?.Data?.Select(i => i.CurrentPeriodEnd).Where(d => d > DateTime.UnixEpoch).DefaultIfEmpty().Max() is { } end && end > DateTime.UnixEpoch
            ? new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc))
            : null;
}
