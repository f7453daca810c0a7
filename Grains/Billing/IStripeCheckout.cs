using GeminiClone.Grains.Interfaces.Billing;

namespace GeminiClone.Grains.Billing;

/// <summary>Opens Stripe Checkout for the Pro plan (<c>Grains/Adapters/Stripe/StripeCheckout</c>).</summary>
public interface IStripeCheckout
{
    /// <summary>
    /// A Checkout session for <paramref name="userId"/>, reusing the Stripe customer when there is one; not configured
    /// or unavailable (Stripe unreachable or refusing) otherwise.
    /// </summary>
    Task<CheckoutResult> CreateProSessionAsync(string userId, string? customerId, CancellationToken cancellationToken = default);
}
