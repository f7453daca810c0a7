namespace GeminiClone.Grains.Billing;

/// <summary>Ends subscriptions at Stripe, for an account being deleted (<c>Grains/Adapters/Stripe/StripeSubscriptions</c>).</summary>
public interface IStripeSubscriptions
{
    /// <summary>
    /// Cancels the subscription now. True once Stripe has it cancelled (or never had it); false when Stripe could not
    /// be reached or refused, so the caller tries again later; a retry after a lost answer cancels nothing twice.
    /// </summary>
    Task<bool> CancelAsync(string subscriptionId, string userId, CancellationToken cancellationToken = default);
}
