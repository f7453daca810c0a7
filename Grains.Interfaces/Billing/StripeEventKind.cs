namespace GeminiClone.Grains.Interfaces.Billing;

/// <summary>The Stripe events we act on; every other type is acknowledged and ignored.</summary>
public enum StripeEventKind
{
    NotHandled = 0,
    CheckoutCompleted,
    SubscriptionCreated,
    SubscriptionUpdated,
    SubscriptionDeleted,
    InvoicePaid,
    InvoicePaymentFailed,
}

public static class StripeEventKinds
{
    /// <summary>
    /// The one list of handled events, by Stripe's type name (its wire contract, stable across API versions). The
    /// webhook endpoint parses only these; the event grain switches on the kind.
    /// </summary>
    private static readonly Dictionary<string, StripeEventKind> ByType = new(StringComparer.Ordinal)
    {
        ["checkout.session.completed"] = StripeEventKind.CheckoutCompleted,
        ["customer.subscription.created"] = StripeEventKind.SubscriptionCreated,
        ["customer.subscription.updated"] = StripeEventKind.SubscriptionUpdated,
        ["customer.subscription.deleted"] = StripeEventKind.SubscriptionDeleted,
        ["invoice.paid"] = StripeEventKind.InvoicePaid,
        ["invoice.payment_failed"] = StripeEventKind.InvoicePaymentFailed,
    };

    public static StripeEventKind Of(string type) => ByType.GetValueOrDefault(type);
}
