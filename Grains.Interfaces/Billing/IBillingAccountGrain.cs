using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Billing;

/// <summary>
/// A user's billing account, keyed by the user id: the Stripe customer, the subscription that decides the plan and
/// the last payment. The plan itself (the tier) stays the user's fact: a subscription change here tells the user's
/// grain the tier it results in.
/// </summary>
[Alias("GeminiClone.Billing.IBillingAccountGrain")]
public interface IBillingAccountGrain : IGrainWithStringKey
{
    /// <summary>The user's tier and today's usage (asked of the user's grain) with the subscription and last payment.</summary>
    [Alias("GetSubscriptionStatus"), ReadOnly]
    Task<Users.SubscriptionStatus> GetSubscriptionStatusAsync();

    /// <summary>The subscription and payment part alone.</summary>
    [Alias("GetAccount"), ReadOnly, AlwaysInterleave]
    Task<BillingAccount> GetAccountAsync();

    /// <summary>
    /// Opens a Stripe Checkout session for Pro. It only reads, so it interleaves: a slow answer from Stripe must not
    /// hold up the account's other calls.
    /// </summary>
    [Alias("StartProCheckout"), AlwaysInterleave, ResponseTimeout("00:00:30")]
    Task<CheckoutResult> StartProCheckoutAsync();

    /// <summary>Remembers the subscription and tells the user's grain the tier that follows from its status.</summary>
    [Alias("ApplySubscription")]
    Task ApplySubscriptionAsync(SubscriptionSnapshot subscription);

    [Alias("RecordPayment")]
    Task RecordPaymentAsync(PaymentOutcome outcome, DateTimeOffset at);

    /// <summary>
    /// For the user's account deletion: cancels an active subscription at Stripe, then forgets the account. False
    /// when Stripe could not be reached (nothing is forgotten; ask again later).
    /// </summary>
    [Alias("Close"), ResponseTimeout("00:01:00")]
    Task<bool> CloseAsync();
}
