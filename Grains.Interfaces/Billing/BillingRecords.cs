namespace GeminiClone.Grains.Interfaces.Billing;

[GenerateSerializer, Alias("GeminiClone.Billing.PaymentOutcome")]
public enum PaymentOutcome
{
    Paid = 0,
    Failed = 1,
}

/// <summary>
/// The part of a verified Stripe event we act on, lifted out of Stripe's object model so grains stay free of it.
/// </summary>
/// <param name="Created">The event's <c>created</c>: what orders events, since Stripe does not deliver them in order.</param>
/// <param name="UserId">From <c>metadata.userId</c> or <c>client_reference_id</c>, when the object carries it.</param>
/// <param name="SubscriptionStatus">Stripe's status (<c>active</c>, <c>past_due</c>, <c>canceled</c>, ...).</param>
[GenerateSerializer, Alias("GeminiClone.Billing.StripeEventData")]
public sealed record StripeEventData(
    string EventId,
    string Type,
    DateTimeOffset Created,
    string? UserId,
    string? CustomerId,
    string? SubscriptionId,
    string? SubscriptionStatus,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    PaymentOutcome? Payment)
{
    /// <summary>Derived from <see cref="Type"/>, never sent: a gateway and a silo of different releases agree on it.</summary>
    public StripeEventKind Kind => StripeEventKinds.Of(Type);
}

[GenerateSerializer, Alias("GeminiClone.Billing.StripeEventOutcome")]
public enum StripeEventOutcome
{
    Applied = 0,
    /// <summary>This event id was applied before; nothing changed.</summary>
    Duplicate = 1,
    /// <summary>Not an event we act on, or one we cannot tie to a user.</summary>
    Ignored = 2,
    /// <summary>Older than what we already know about its subscription; nothing changed.</summary>
    Stale = 3,
    /// <summary>
    /// Not tied to a user yet (an invoice that arrived before its subscription's events, which Stripe does not
    /// order): not recorded as applied, so Stripe's redelivery can apply it once the subscription is known.
    /// </summary>
    Unresolved = 4,
}

/// <summary>A subscription's state as the latest event we applied describes it.</summary>
[GenerateSerializer, Alias("GeminiClone.Billing.SubscriptionSnapshot")]
public sealed record SubscriptionSnapshot(
    string SubscriptionId,
    string? CustomerId,
    string Status,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset AsOf)
{
    /// <summary>
    /// Who is Pro: paying or trialling, and also past due, where Stripe is still retrying the card (the user keeps
    /// Pro and sees the problem in their status). Canceled, unpaid, expired or never paid is Basic.
    /// </summary>
    public bool GrantsPro => Status is "active" or "trialing" or "past_due";

    /// <summary>Stripe never brings a subscription back from these.</summary>
    public bool IsTerminal => Status is "canceled" or "incomplete_expired";
}

[GenerateSerializer, Alias("GeminiClone.Billing.SubscriptionChange")]
public sealed record SubscriptionChange(
    string? UserId,
    string? CustomerId,
    string Status,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset Created);

[GenerateSerializer, Alias("GeminiClone.Billing.CheckoutStatus")]
public enum CheckoutStatus
{
    Created = 0,
    AlreadyPro = 1,
    NotConfigured = 2,
    Unavailable = 3,
}

[GenerateSerializer, Alias("GeminiClone.Billing.CheckoutResult")]
public sealed record CheckoutResult(CheckoutStatus Status, string? Url);

/// <summary>What a user's billing account holds: the Stripe customer, the subscription and the last payment.</summary>
/// <param name="StripeCustomerId">Reused for the next Checkout, so one person stays one Stripe customer.</param>
[GenerateSerializer, Alias("GeminiClone.Billing.BillingAccount")]
public sealed record BillingAccount(
    string? StripeCustomerId,
    SubscriptionSnapshot? Subscription,
    PaymentOutcome? LastPayment,
    DateTimeOffset? LastPaymentAt)
{
    public static readonly BillingAccount None = new(null, null, null, null);

    public bool IsEmpty => this == None;
}
