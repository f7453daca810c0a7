using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Billing;

[GenerateSerializer, Alias("GeminiClone.Billing.StripeCustomerState")]
public sealed class StripeCustomerState
{
    [Id(0)] public string? UserId { get; set; }
}

public sealed class StripeCustomerGrain(
    [PersistentState("customer", StorageNames.Billing)] IPersistentState<StripeCustomerState> customer)
    : Grain, IStripeCustomerGrain
{
    public async Task LinkUserAsync(string userId)
    {
        if (customer.State.UserId != userId)
        {
            customer.State.UserId = userId;
            await customer.WriteStateAsync();
        }
    }

    public Task<string?> GetUserIdAsync() => Task.FromResult(customer.State.UserId);
}
