using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Billing;

[GenerateSerializer, Alias("GeminiClone.Billing.BillingAccountState")]
public sealed class BillingAccountState
{
    /// <summary>Reused for the next Checkout, so one person stays one Stripe customer.</summary>
    [Id(0)] public string? StripeCustomerId { get; set; }
    [Id(1)] public SubscriptionSnapshot? Subscription { get; set; }
    [Id(2)] public PaymentOutcome? LastPayment { get; set; }
    [Id(3)] public DateTimeOffset? LastPaymentAt { get; set; }
}

/// <summary>
/// A user's billing account, keyed by the user id. Until this grain existed the same fields lived in the user's
/// record: finding no state of its own, it takes them over once (stored here first, forgotten there after, so a
/// failure in between leaves a copy behind and never nothing).
/// </summary>
public sealed class BillingAccountGrain(
    [PersistentState("billingAccount", StorageNames.Billing)] IPersistentState<BillingAccountState> account,
    IStripeCheckout stripeCheckout,
    IStripeSubscriptions stripeSubscriptions)
    : Grain, IBillingAccountGrain
{
    private string UserId => this.GetPrimaryKeyString();
    private IUserGrain User => GrainFactory.GetGrain<IUserGrain>(UserId);
    private BillingAccountState State => account.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (account.RecordExists || await User.GetBillingToHandOverAsync() is not { } handedOver)
        {
            return;
        }

        State.StripeCustomerId = handedOver.StripeCustomerId;
        State.Subscription = handedOver.Subscription;
        State.LastPayment = handedOver.LastPayment;
        State.LastPaymentAt = handedOver.LastPaymentAt;
        await account.WriteStateAsync();
        await User.BillingHandedOverAsync();
    }

    public async Task<SubscriptionStatus> GetSubscriptionStatusAsync()
    {
        var plan = await User.GetPlanAsync();
        return new SubscriptionStatus(plan.Tier, plan.Quota, State.Subscription, State.LastPayment, State.LastPaymentAt);
    }

    public Task<BillingAccount> GetAccountAsync() =>
        Task.FromResult(new BillingAccount(State.StripeCustomerId, State.Subscription, State.LastPayment, State.LastPaymentAt));

    public async Task<CheckoutResult> StartProCheckoutAsync() => (await User.GetPlanAsync()).Tier == UserTier.Pro
        ? new CheckoutResult(CheckoutStatus.AlreadyPro, null)
        : await stripeCheckout.CreateProSessionAsync(UserId, State.StripeCustomerId);

    public async Task ApplySubscriptionAsync(SubscriptionSnapshot subscription)
    {
        // A user has one subscription that matters: the current one, or a new one that grants Pro. The end of
        // some other, older subscription must not take away Pro bought since.
        var current = State.Subscription;
        if ((current is not null && current.SubscriptionId != subscription.SubscriptionId && !subscription.GrantsPro)
            || !(await User.GetPlanAsync()).Exists)
        {
            return;
        }

        State.Subscription = subscription;
        State.StripeCustomerId = subscription.CustomerId ?? State.StripeCustomerId;
        await account.WriteStateAsync();
        // Stored first: if telling the user fails, the event is not recorded as applied and Stripe's redelivery
        // applies the same subscription again, which tells the user again.
        await User.ApplyTierAsync(subscription.GrantsPro ? UserTier.Pro : UserTier.Basic);
    }

    public async Task RecordPaymentAsync(PaymentOutcome outcome, DateTimeOffset at)
    {
        if ((State.LastPaymentAt is null || at >= State.LastPaymentAt) && (await User.GetPlanAsync()).Exists)
        {
            State.LastPayment = outcome;
            State.LastPaymentAt = at;
            await account.WriteStateAsync();
        }
    }

    public async Task<bool> CloseAsync()
    {
        if (State.Subscription is { IsTerminal: false } subscription && !await stripeSubscriptions.CancelAsync(subscription.SubscriptionId, UserId))
        {
            return false;
        }

        if (account.RecordExists)
        {
            await account.ClearStateAsync();
        }

        DeactivateOnIdle();
        return true;
    }
}
