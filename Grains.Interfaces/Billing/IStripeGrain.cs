using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Billing;

/// <summary>
/// One verified Stripe event, keyed by its event id. Stripe delivers at least once and sometimes many times at
/// once; a grain per event id runs those deliveries one after another and applies the event only the first time.
/// Keying by event id (rather than one grain for all events) keeps unrelated events from queueing behind each
/// other and keeps each record tiny; ordering between events is the subscription grain's job.
/// </summary>
[Alias("GeminiClone.Billing.IStripeGrain")]
public interface IStripeGrain : IGrainWithStringKey
{
    [Alias("ApplyStripeEvent")]
    Task<StripeEventOutcome> ApplyStripeEventAsync(StripeEventData stripeEvent);
}

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

/// <summary>A Stripe customer id, mapped to our user once a checkout tells us whose it is.</summary>
[Alias("GeminiClone.Billing.IStripeCustomerGrain")]
public interface IStripeCustomerGrain : IGrainWithStringKey
{
    [Alias("LinkUser")]
    Task LinkUserAsync(string userId);

    [Alias("GetUserId"), ReadOnly]
    Task<string?> GetUserIdAsync();
}
