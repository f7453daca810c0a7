namespace GeminiClone.Grains.Interfaces.Billing;

/// <summary>What the gateway needs of Stripe's settings (section <c>Stripe</c>, <c>STRIPE_WEBHOOK_SECRET</c>) to verify its events.</summary>
public sealed class StripeWebhookOptions
{
    public const string Section = "Stripe";

    /// <summary>Empty means webhooks cannot be verified, so every delivery is refused.</summary>
    public string? WebhookSecret { get; set; }
}
