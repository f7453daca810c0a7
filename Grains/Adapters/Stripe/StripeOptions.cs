using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Adapters.Stripe;

/// <summary>
/// Stripe (<c>STRIPE_SECRET_KEY</c>, <c>STRIPE_API_BASE</c>, <c>STRIPE_PRO_PRICE_ID</c>); the webhook secret the
/// gateway verifies with is <see cref="Interfaces.Billing.StripeWebhookOptions"/>, in the same section.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>Empty means not configured: checkout answers 503.</summary>
    public string? SecretKey { get; set; }

    [Required, Url]
    public string ApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>Without one, Checkout gets an inline price of ₹499 a month, as the original charged.</summary>
    public string? ProPriceId { get; set; }

    /// <summary>Where Checkout sends the user after paying; Stripe fills in <c>{CHECKOUT_SESSION_ID}</c>.</summary>
    [Required, Url]
    public string SuccessUrl { get; set; } = "http://localhost:5000/subscription/status?checkout=success&session_id={CHECKOUT_SESSION_ID}";

    [Required, Url]
    public string CancelUrl { get; set; } = "http://localhost:5000/subscription/status?checkout=cancelled";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);
}
