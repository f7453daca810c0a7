using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>
/// Calls that gateways and silos of the previous release still make during a rolling upgrade, answered as they were
/// (billing forwarded to its new owner). Nothing of this release calls them; they go after 2027-03-01.
/// </summary>
public sealed partial class UserGrain
{
    public async Task<OtpSignInResult> SignInWithOtpAsync(string otp)
    {
        var verdict = await ConsumeOtpAsync(OtpPurpose.Login, otp);
        return verdict.Check == OtpCheck.Accepted
            ? new OtpSignInResult(verdict.Check, State.ToProfile(Id), State.TokenVersion)
            : new OtpSignInResult(verdict.Check, null, 0) { RetryAfter = verdict.RetryAfter };
    }

    public Task<PasswordChangeResult> ChangePasswordAsync(string currentPassword, string newPassword) =>
        ChangePasswordAsync(currentPassword, newPassword, keptSessionId: null);

    /// <summary>A chatroom of the previous release checked no token: its gateway had. A suspension still refuses the slot.</summary>
    public Task<SlotReservation> ReserveMessageSlotAsync() => ReserveTurnSlotAsync(caller: null);

    public Task<QuotaSnapshot> CompleteMessageAsync(Guid reservationId, ChatroomSummary activity) =>
        CompleteMessageAsync(reservationId, activity, usage: null);

    public Task<CheckoutResult> StartProCheckoutAsync() => BillingAccount.StartProCheckoutAsync();

    public async Task ApplySubscriptionAsync(SubscriptionSnapshot subscription)
    {
        // The billing account answers back with the tier, into this very call: let it in.
        using var reentry = RequestContext.AllowCallChainReentrancy();
        await BillingAccount.ApplySubscriptionAsync(subscription);
    }

    public Task RecordPaymentAsync(PaymentOutcome outcome, DateTimeOffset at) => BillingAccount.RecordPaymentAsync(outcome, at);
}
