using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>
/// What the user still has to do with billing, which is the user's <see cref="IBillingAccountGrain"/>: the status
/// that joins the user's tier and usage to the account's subscription, and handing over the billing fields that
/// records written before billing accounts existed still hold.
/// </summary>
public sealed partial class UserGrain
{
    private IBillingAccountGrain BillingAccount => GrainFactory.GetGrain<IBillingAccountGrain>(Id);

    /// <summary>The billing fields of a record written before billing accounts; empty once handed over.</summary>
    private BillingAccount UnhandedBilling => new(State.StripeCustomerId, State.Subscription, State.LastPayment, State.LastPaymentAt);

    public async Task<SubscriptionStatus> GetSubscriptionStatusAsync()
    {
        var account = await BillingAccount.GetAccountAsync();
        return new SubscriptionStatus(State.Tier, _quota.Snapshot(State, DailyLimit), account.Subscription, account.LastPayment, account.LastPaymentAt);
    }

    public Task<BillingAccount?> GetBillingToHandOverAsync() =>
        Task.FromResult(Stored && !UnhandedBilling.IsEmpty ? UnhandedBilling : null);

    public async Task BillingHandedOverAsync()
    {
        // Only once the billing account has stored them; a user erased meanwhile must not be written back.
        if (Stored && !UnhandedBilling.IsEmpty)
        {
            ForgetHandedOverBilling();
            await user.WriteStateAsync();
        }
    }

    private void ForgetHandedOverBilling()
    {
        State.StripeCustomerId = null;
        State.Subscription = null;
        State.LastPayment = null;
        State.LastPaymentAt = null;
    }
}
