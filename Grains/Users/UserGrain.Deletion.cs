using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Interfaces.Users.Passkeys;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Users;

/// <summary>
/// Account deletion. The first write closes the account (tokens and sessions die, and it is marked for deletion);
/// then, in order, the billing account cancels an active subscription at Stripe and is closed, every chatroom is
/// erased (with its search rows), the API keys, preferences, Gems, passkeys, folders and usage figures go, the number
/// is freed, the operators' directory row and roster place go, and the user's record goes. A step that fails (Stripe
/// or a silo unreachable) leaves the rest to a durable reminder,
/// which takes the deletion up again until it is done, so it is never left half done and never charged on.
/// </summary>
public sealed partial class UserGrain
{
    private const string DeletionReminder = "finish-account-deletion";

    /// <summary>How long erasing the chatrooms may take before the rest is left to the reminder (a busy turn may hold one).</summary>
    private static readonly TimeSpan ChatroomErasureTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long cancelling at Stripe may take before the rest is left to the reminder.</summary>
    private static readonly TimeSpan BillingCloseTimeout = TimeSpan.FromSeconds(30);

    public async Task<AccountDeletionResult> DeleteAccountAsync(AccountDeletionProof proof)
    {
        if (!Stored)
        {
            return new AccountDeletionResult(AccountDeletionStatus.UnknownUser);
        }

        if (State.DeletionRequestedAt is null)
        {
            if (await CheckDeletionProofAsync(proof) is { } refused)
            {
                return refused;
            }

            State.DeletionRequestedAt = clock.GetUtcNow();
            State.TokenVersion++;
            _sessions.EndAllBut(kept: null);
            State.UpdatedAt = State.DeletionRequestedAt.Value;
            await user.WriteStateAsync();
            var retry = account.Options.DeletionRetryPeriod;
            await this.RegisterOrUpdateReminder(DeletionReminder, retry, retry);
            await account.Audit.RecordAsync(Interfaces.Admin.AuditKinds.AccountDeleted, Id, Id);
        }

        return await FinishDeletionAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ComplimentaryPlanReminder)
        {
            await EndComplimentaryPlanWhenDueAsync();
            return;
        }

        if (reminderName != DeletionReminder)
        {
            return;
        }

        if (Stored && State.DeletionRequestedAt is not null)
        {
            await FinishDeletionAsync();
        }
        else if (await this.GetReminder(DeletionReminder) is { } stale)
        {
            await this.UnregisterReminder(stale);
        }
    }

    private async Task<AccountDeletionResult?> CheckDeletionProofAsync(AccountDeletionProof proof)
    {
        if (proof.Password is { } password)
        {
            return security.Passwords.VerifyHashedPassword(State, State.PasswordHash, password) == PasswordVerificationResult.Failed
                ? new AccountDeletionResult(AccountDeletionStatus.WrongProof)
                : null;
        }

        var verdict = proof.Otp is { } otp ? await ConsumeOtpAsync(OtpPurpose.Login, otp) : new OtpVerdict(OtpCheck.NotPending);
        return verdict.Check == OtpCheck.Accepted
            ? null
            : new AccountDeletionResult(AccountDeletionStatus.WrongProof, verdict.Check) { RetryAfter = verdict.RetryAfter };
    }

    private async Task<AccountDeletionResult> FinishDeletionAsync()
    {
        var pending = new AccountDeletionResult(AccountDeletionStatus.Pending);
        try
        {
            // The billing account cancels an active subscription at Stripe and forgets itself; until Stripe has
            // cancelled, nothing else goes, so nobody is charged for an account that no longer exists.
            if (!await BillingAccount.CloseAsync().WaitAsync(BillingCloseTimeout))
            {
                return pending;
            }

            if (!UnhandedBilling.IsEmpty)
            {
                ForgetHandedOverBilling();
                await user.WriteStateAsync();
            }

            var chatrooms = await _chatrooms.GetAsync(Id);
            await Task.WhenAll(chatrooms.Keys.Select(id => GrainFactory.GetGrain<IChatroomGrain>(id).EraseAsync(Id)))
                .WaitAsync(ChatroomErasureTimeout);
            await _chatrooms.EraseAsync(Id);
            await GrainFactory.GetGrain<Interfaces.Users.ApiKeys.IApiKeyRingGrain>(Id).RevokeAllAsync();
            await GrainFactory.GetGrain<Interfaces.Users.Preferences.IUserPreferencesGrain>(Id).EraseAsync();
            // Each chatroom removed its own rows; this also catches rows of chatrooms whose removal failed.
            await GrainFactory.GetGrain<IChatSearchGrain>(0).RemoveOwnerAsync(Id);
            await GrainFactory.GetGrain<IUserPasskeysGrain>(Id).DeleteAllAsync();
            await GrainFactory.GetGrain<Interfaces.Folders.IUserFoldersGrain>(Id).EraseAsync();
            // After the chatrooms: each waited for its running turn, whose usage is recorded before it ends.
            await GrainFactory.GetGrain<IUserUsageGrain>(Id).EraseAsync();
            await GrainFactory.GetGrain<IMobileNumberGrain>(State.MobileNumber).ReleaseAsync(Id);
            await GrainFactory.GetGrain<Interfaces.Admin.IAdminRosterGrain>(0).RemoveAsync(Id);
            await account.Directory.RemoveAsync(Id);
        }
        catch (Exception e)
        {
            // Erasing twice is harmless, so the reminder simply does it all again.
            LogDeletionInterrupted(e, Id);
            return pending;
        }

        if (await this.GetReminder(DeletionReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (await this.GetReminder(ComplimentaryPlanReminder) is { } planEnd)
        {
            await this.UnregisterReminder(planEnd);
        }

        await user.ClearStateAsync();
        DeactivateOnIdle();
        return new AccountDeletionResult(AccountDeletionStatus.Deleted);
    }

    [LoggerMessage(LogLevel.Warning, "Deleting user {UserId} was interrupted; the reminder will finish it")]
    private partial void LogDeletionInterrupted(Exception exception, string userId);
}
