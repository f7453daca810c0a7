using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Billing;

/// <summary>A Stripe customer id, mapped to our user once a checkout tells us whose it is.</summary>
[Alias("GeminiClone.Billing.IStripeCustomerGrain")]
public interface IStripeCustomerGrain : IGrainWithStringKey
{
    [Alias("LinkUser")]
    Task LinkUserAsync(string userId);

    [Alias("GetUserId"), ReadOnly]
    Task<string?> GetUserIdAsync();
}
