using GeminiClone.Grains.Interfaces.Billing;
using Stripe;
using Stripe.Checkout;

namespace GeminiClone.Grains.Billing;

/// <summary>Lifts what we act on out of a verified Stripe event; null for the types we do not handle.</summary>
public static class StripeEvents
{
    public static StripeEventData? ToEventData(Event stripeEvent)
    {
        var created = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc));
        StripeEventData Data(string? userId, string? customerId, string? subscriptionId, string? status = null,
            DateTimeOffset? periodEnd = null, bool cancelAtPeriodEnd = false, PaymentOutcome? payment = null) =>
            new(stripeEvent.Id, stripeEvent.Type, created, userId, customerId, subscriptionId, status, periodEnd, cancelAtPeriodEnd, payment);

        return (stripeEvent.Type, stripeEvent.Data.Object) switch
        {
            (EventTypes.CheckoutSessionCompleted, Session session) =>
                Data(UserIdOf(session.Metadata) ?? session.ClientReferenceId, session.CustomerId, session.SubscriptionId),
            (EventTypes.CustomerSubscriptionCreated or EventTypes.CustomerSubscriptionUpdated or EventTypes.CustomerSubscriptionDeleted,
                Subscription subscription) =>
                Data(UserIdOf(subscription.Metadata), subscription.CustomerId, subscription.Id,
                    stripeEvent.Type == EventTypes.CustomerSubscriptionDeleted ? "canceled" : subscription.Status,
                    PeriodEndOf(subscription), subscription.CancelAtPeriodEnd),
            (EventTypes.InvoicePaid or EventTypes.InvoicePaymentFailed, Invoice invoice) =>
                Data(UserIdOf(invoice.Parent?.SubscriptionDetails?.Metadata), invoice.CustomerId,
                    invoice.Parent?.SubscriptionDetails?.SubscriptionId,
                    payment: stripeEvent.Type == EventTypes.InvoicePaid ? PaymentOutcome.Paid : PaymentOutcome.Failed),
            _ => null,
        };
    }

    private static string? UserIdOf(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue("userId", out var userId) && userId.Length > 0 ? userId : null;

    /// <summary>Since API version 2025-03-31 the period lives on the subscription's items.</summary>
    private static DateTimeOffset? PeriodEndOf(Subscription subscription) =>
        subscription.Items?.Data?.Select(i => i.CurrentPeriodEnd).Where(d => d > DateTime.UnixEpoch).DefaultIfEmpty().Max() is { } end && end > DateTime.UnixEpoch
            ? new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc))
            : null;
}
