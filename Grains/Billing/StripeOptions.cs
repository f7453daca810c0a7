using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Billing;

/// <summary>Stripe (<c>STRIPE_SECRET_KEY</c>, <c>STRIPE_WEBHOOK_SECRET</c>, <c>STRIPE_API_BASE</c>, <c>STRIPE_PRO_PRICE_ID</c>).</summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>Empty means not configured: checkout answers 503.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Empty means webhooks cannot be verified, so every delivery is refused.</summary>
    public string? WebhookSecret { get; set; }

    [Required, Url]
    public string ApiBase { get; set; } = "https://api.stripe.com";

    public string? ProPriceId { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);
}
