using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Billing;

/// <summary>
/// One Stripe subscription, keyed by its id. Applies changes in the order of the events' <c>created</c> time, so an
/// older event never overrides newer state, and never revives a subscription Stripe has ended.
/// </summary>
[Alias("GeminiClone.Billing.ISubscriptionGrain")]
public interface ISubscriptionGrain : IGrainWithStringKey
{
    [Alias("ApplyChange")]
    Task<StripeEventOutcome> ApplyChangeAsync(SubscriptionChange change);

    [Alias("GetUserId"), ReadOnly]
    Task<string?> GetUserIdAsync();
}
