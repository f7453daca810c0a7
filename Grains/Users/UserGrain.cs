using GeminiClone.Grains.Billing;
using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Search;
using Attachments = GeminiClone.Grains.Interfaces.Attachments;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Users;

/// <summary>
/// One user. This file holds the profile, OTPs, passwords, quota, chatroom list and billing; sign-in sessions are in
/// <c>UserGrain.Sessions.cs</c>, account deletion in <c>UserGrain.Deletion.cs</c>, the attachments allowance in
/// <c>UserGrain.Uploads.cs</c>.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserState> user,
    IPasswordHasher<UserState> passwordHasher,
    IOptions<OtpOptions> otpOptions,
    IOptions<QuotaOptions> quotaOptions,
    IOptions<ChatroomOptions> chatroomOptions,
    IOptions<SessionOptions> sessionOptions,
    IOptions<AccountOptions> accountOptions,
    IOptions<Attachments.AttachmentOptions> attachmentOptions,
    StripeCheckout stripeCheckout,
    StripeSubscriptions stripeSubscriptions,
    IChatSearchIndex searchIndex,
    TimeProvider clock,
    ILogger<UserGrain> logger)
    : Grain, IUserGrain, IRemindable
{
    private readonly OtpRules _otp = new(otpOptions.Value, clock);
    private readonly DailyQuota _quota = new(clock);
    private readonly Sessions _sessions = new(sessionOptions.Value, clock);

    private string Id => this.GetPrimaryKeyString();
    /// <summary>A user whose deletion is under way no longer exists for anyone but the deletion.</summary>
    private bool Exists => user.RecordExists && State.DeletionRequestedAt is null;

    private bool Stored => user.RecordExists;
    private UserState State => user.State;

    public async Task<UserProfile> RegisterAsync(NewUser newUser)
    {
        if (Stored)
        {
            throw new InvalidOperationException($"User {Id} is already registered.");
        }

        var now = clock.GetUtcNow();
        State.Name = newUser.Name;
        State.MobileNumber = newUser.MobileNumber;
        State.PasswordHash = passwordHasher.HashPassword(State, newUser.Password);
        State.Tier = UserTier.Basic;
        State.CreatedAt = now;
        State.UpdatedAt = now;
        await user.WriteStateAsync();
        return State.ToProfile(Id);
    }

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(Exists ? State.ToProfile(Id) : null);

    public Task<UserProfile?> AuthenticateAsync(int tokenVersion) =>
        Task.FromResult(Exists && State.TokenVersion == tokenVersion ? State.ToProfile(Id) : null);

    public async Task<OtpIssueResult> IssueOtpAsync(OtpPurpose purpose)
    {
        if (!Exists)
        {
            return new OtpIssueResult(OtpIssueStatus.UnknownUser, null, null, null);
        }

        var issued = _otp.Issue(State, purpose);
        if (issued.Status == OtpIssueStatus.Issued)
        {
            await user.WriteStateAsync();
        }

        return issued;
    }

    public async Task<OtpSignInResult> SignInWithOtpAsync(string otp)
    {
        var verdict = await ConsumeOtpAsync(OtpPurpose.Login, otp);
        return verdict.Check == OtpCheck.Accepted
            ? new OtpSignInResult(verdict.Check, State.ToProfile(Id), State.TokenVersion)
            : new OtpSignInResult(verdict.Check, null, 0) { RetryAfter = verdict.RetryAfter };
    }

    public async Task<PasswordResetResult> ResetPasswordAsync(string otp, string newPassword)
    {
        var verdict = await ConsumeOtpAsync(OtpPurpose.PasswordReset, otp);
        if (verdict.Check == OtpCheck.Accepted)
        {
            await SetPasswordAsync(newPassword, keptSessionId: null);
        }

        return new PasswordResetResult(verdict.Check) { RetryAfter = verdict.RetryAfter };
    }

    public Task<PasswordChangeResult> ChangePasswordAsync(string currentPassword, string newPassword) =>
        ChangePasswordAsync(currentPassword, newPassword, keptSessionId: null);

    public async Task<PasswordChangeResult> ChangePasswordAsync(string currentPassword, string newPassword, string? keptSessionId)
    {
        if (!Exists)
        {
            return new PasswordChangeResult(PasswordChangeStatus.UnknownUser, 0);
        }

        if (passwordHasher.VerifyHashedPassword(State, State.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return new PasswordChangeResult(PasswordChangeStatus.WrongCurrentPassword, 0);
        }

        await SetPasswordAsync(newPassword, keptSessionId);
        return new PasswordChangeResult(PasswordChangeStatus.Changed, State.TokenVersion);
    }

    public Task<SlotReservation> ReserveMessageSlotAsync()
    {
        var limit = DailyLimit;
        var (granted, reservationId) = _quota.TryReserve(State, limit);
        return Task.FromResult(new SlotReservation(granted, reservationId, _quota.Snapshot(State, limit)) { Tier = State.Tier });
    }

    public Task<QuotaSnapshot> CompleteMessageAsync(Guid reservationId, ChatroomSummary activity) =>
        CompleteMessageAsync(reservationId, activity, usage: null);

    public async Task<QuotaSnapshot> CompleteMessageAsync(Guid reservationId, ChatroomSummary activity, TokenUsage? usage)
    {
        if (!Stored)
        {
            // A turn that finished after its owner's account was erased must not write a blank user back.
            _quota.Release(reservationId);
            return _quota.Snapshot(State, DailyLimit);
        }

        _quota.Commit(State, reservationId, usage);
        if (State.Chatrooms.ContainsKey(activity.Id))
        {
            State.Chatrooms[activity.Id] = activity;
        }

        await user.WriteStateAsync();
        return _quota.Snapshot(State, DailyLimit);
    }

    public Task<QuotaSnapshot> ReleaseMessageSlotAsync(Guid reservationId)
    {
        _quota.Release(reservationId);
        return Task.FromResult(_quota.Snapshot(State, DailyLimit));
    }

    public Task<SubscriptionStatus> GetSubscriptionStatusAsync() => Task.FromResult(new SubscriptionStatus(
        State.Tier, _quota.Snapshot(State, DailyLimit), State.Subscription, State.LastPayment, State.LastPaymentAt));

    public Task<CheckoutResult> StartProCheckoutAsync() => State.Tier == UserTier.Pro
        ? Task.FromResult(new CheckoutResult(CheckoutStatus.AlreadyPro, null))
        : stripeCheckout.CreateProSessionAsync(Id, State.StripeCustomerId);

    public async Task ApplySubscriptionAsync(SubscriptionSnapshot subscription)
    {
        // A user has one subscription that matters: the current one, or a new one that grants Pro. The end of
        // some other, older subscription must not take away Pro bought since.
        var current = State.Subscription;
        if (!Exists || (current is not null && current.SubscriptionId != subscription.SubscriptionId && !subscription.GrantsPro))
        {
            return;
        }

        State.Subscription = subscription;
        State.StripeCustomerId = subscription.CustomerId ?? State.StripeCustomerId;
        State.Tier = subscription.GrantsPro ? UserTier.Pro : UserTier.Basic;
        State.UpdatedAt = clock.GetUtcNow();
        await user.WriteStateAsync();
    }

    public async Task RecordPaymentAsync(PaymentOutcome outcome, DateTimeOffset at)
    {
        if (Exists && (State.LastPaymentAt is null || at >= State.LastPaymentAt))
        {
            State.LastPayment = outcome;
            State.LastPaymentAt = at;
            await user.WriteStateAsync();
        }
    }

    public async Task<bool> AddChatroomAsync(ChatroomSummary chatroom)
    {
        if (!Exists || State.Chatrooms.Count >= chatroomOptions.Value.MaxChatroomsPerUser)
        {
            return false;
        }

        State.Chatrooms[chatroom.Id] = chatroom;
        await user.WriteStateAsync();
        return true;
    }

    public async Task UpdateChatroomAsync(ChatroomSummary chatroom)
    {
        if (State.Chatrooms.ContainsKey(chatroom.Id))
        {
            State.Chatrooms[chatroom.Id] = chatroom;
            await user.WriteStateAsync();
        }
    }

    public async Task RemoveChatroomAsync(string chatroomId)
    {
        if (State.Chatrooms.Remove(chatroomId))
        {
            await user.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<ChatroomSummary>> GetChatroomsAsync() =>
        Task.FromResult<IReadOnlyList<ChatroomSummary>>(
            [.. State.Chatrooms.Values.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<ChatroomSummary>> GetChatroomsAsync(IReadOnlyList<string> chatroomIds) =>
        Task.FromResult<IReadOnlyList<ChatroomSummary>>(
            [.. chatroomIds.Select(id => State.Chatrooms.GetValueOrDefault(id)).OfType<ChatroomSummary>()]);

    private int? DailyLimit => quotaOptions.Value.LimitFor(State.Tier);

    /// <summary>
    /// A new password revokes every token minted before it, any pending reset code, and every session but the one
    /// that changed it (none for a reset: whoever had the old password may hold a session).
    /// </summary>
    private Task SetPasswordAsync(string newPassword, string? keptSessionId)
    {
        State.PasswordHash = passwordHasher.HashPassword(State, newPassword);
        State.TokenVersion++;
        _sessions.EndAllBut(State, keptSessionId);
        State.PendingOtps.Remove(OtpPurpose.PasswordReset);
        State.UpdatedAt = clock.GetUtcNow();
        return user.WriteStateAsync();
    }

    /// <summary>
    /// Checks a code by <see cref="OtpRules"/>. Every outcome that changes the record is written before we answer,
    /// so a restart or a move to another silo cannot hand out fresh attempts or lift a lock.
    /// </summary>
    /// <param name="onAccepted">Changes that go with an accepted code, stored in the same write.</param>
    private async Task<OtpVerdict> ConsumeOtpAsync(OtpPurpose purpose, string candidate, Action? onAccepted = null)
    {
        if (!Exists)
        {
            return new OtpVerdict(OtpCheck.UnknownUser);
        }

        var (verdict, changed, lockedNow) = _otp.Check(State, purpose, candidate);
        if (verdict.Check == OtpCheck.Accepted)
        {
            onAccepted?.Invoke();
        }
        else
        {
            SecurityEvents.OtpRejected(verdict.Check.ToString());
        }

        if (changed)
        {
            await user.WriteStateAsync();
        }

        if (lockedNow)
        {
            SecurityEvents.OtpLockout(logger, State.MobileNumber, Id, otpOptions.Value.LockoutThreshold, otpOptions.Value.LockoutWindow,
                State.OtpLockedUntil ?? clock.GetUtcNow());
        }

        return verdict;
    }
}
