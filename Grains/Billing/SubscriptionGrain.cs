using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Billing;

[GenerateSerializer, Alias("GeminiClone.Billing.SubscriptionState")]
public sealed class SubscriptionState
{
    [Id(0)] public string? UserId { get; set; }
    [Id(1)] public SubscriptionSnapshot? Latest { get; set; }
}

public sealed class SubscriptionGrain(
    [PersistentState("subscription", StorageNames.Billing)] IPersistentState<SubscriptionState> subscription)
    : Grain, ISubscriptionGrain
{
    public async Task<StripeEventOutcome> ApplyChangeAsync(SubscriptionChange change)
    {
        var state = subscription.State;
        state.UserId ??= change.UserId;
        var latest = state.Latest;
        var stale = latest is not null && (change.Created < latest.AsOf || (latest.IsTerminal && latest.Status != change.Status));
        if (!stale)
        {
            state.Latest = new SubscriptionSnapshot(
                this.GetPrimaryKeyString(), change.CustomerId ?? latest?.CustomerId, change.Status,
                change.CurrentPeriodEnd ?? latest?.CurrentPeriodEnd, change.CancelAtPeriodEnd, change.Created);
        }

        await subscription.WriteStateAsync();
        if (state.UserId is null)
        {
            // Nobody to tell yet; a later event that names the user (checkout) carries the state over.
            return StripeEventOutcome.Ignored;
        }

        await GrainFactory.GetGrain<IBillingAccountGrain>(state.UserId).ApplySubscriptionAsync(state.Latest!);
        return stale ? StripeEventOutcome.Stale : StripeEventOutcome.Applied;
    }

    public Task<string?> GetUserIdAsync() => Task.FromResult(subscription.State.UserId);
}
