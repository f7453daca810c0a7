using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Users;

/// <summary>
/// One user. This file holds the profile, the tier with its daily quotas (messages, images and attachment bytes) and
/// the chatroom list; signing in (tokens, OTPs, sessions, passwords) is in <c>UserGrain.SignIn.cs</c>, with the
/// sessions' own rules and writes in <see cref="Sessions"/>; account deletion in <c>UserGrain.Deletion.cs</c>; what
/// is left of billing (the status turns ask for, handing older records' billing fields over) in
/// <c>UserGrain.Billing.cs</c>; what operators do (roles, suspension, complimentary plans) in <c>UserGrain.Admin.cs</c>
/// and <c>UserGrain.Plans.cs</c>, the checks every request makes and the directory row in <c>UserGrain.Access.cs</c>;
/// calls of the previous release in <c>UserGrain.Legacy.cs</c>. Subscriptions,
/// checkout and payments are the user's <see cref="Interfaces.Billing.IBillingAccountGrain"/>'s.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState(StorageNames.UserState, StorageNames.Users)] IPersistentState<UserState> user,
    AccountSecurity security,
    PlanLimits limits,
    AccountServices account,
    TimeProvider clock,
    ILogger<UserGrain> logger)
    : Grain, IUserGrain, IUserAdminGrain, IRemindable
{
    private readonly OtpRules _otp = new(security.Otp, clock);
    private readonly DailyQuota _quota = new(clock);
    private readonly DailyUploads _uploads = new(limits, clock);
    private readonly DailyImages _images = new(limits, clock);
    private readonly Sessions _sessions = new(user, security.Sessions, clock);
    private readonly OwnedChatrooms _chatrooms = new(account.ChatroomLists, user);

    private string Id => this.GetPrimaryKeyString();
    /// <summary>A user whose deletion is under way no longer exists for anyone but the deletion.</summary>
    private bool Exists => user.RecordExists && State.DeletionRequestedAt is null;

    private bool Stored => user.RecordExists;
    private UserState State => user.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _chatrooms.MoveLegacyListAsync(Id);

    public async Task<UserProfile> RegisterAsync(NewUser newUser)
    {
        if (Stored)
        {
            throw new InvalidOperationException($"User {Id} is already registered.");
        }

        var now = clock.GetUtcNow();
        State.Name = newUser.Name;
        State.MobileNumber = newUser.MobileNumber;
        State.PasswordHash = security.Passwords.HashPassword(State, newUser.Password);
        State.Tier = UserTier.Basic;
        State.CreatedAt = now;
        State.UpdatedAt = now;
        await user.WriteStateAsync();
        _chatrooms.StartEmpty();
        await WriteDirectoryRowAsync();
        return State.ToProfile(Id);
    }

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(Exists ? State.ToProfile(Id) : null);

    public Task<SlotReservation> ReserveTurnSlotAsync(CallerCredential? caller)
    {
        var limit = DailyLimit;
        // A suspension also stops a turn whose gateway checked the caller just before an operator suspended the account.
        var status = caller is null ? AccountStatus() : StatusOf(caller.TokenVersion, caller.SessionId);
        if (status != CallerStatus.Valid)
        {
            return Task.FromResult(new SlotReservation(false, Guid.Empty, _quota.Snapshot(State, limit))
            {
                Tier = State.Tier, Caller = status, PreferencesVersion = _preferencesVersion,
            });
        }

        var (granted, reservationId) = _quota.TryReserve(State, limit);
        if (!granted)
        {
            security.Metrics.QuotaRefused(State.Tier, "messages");
        }

        return Task.FromResult(new SlotReservation(granted, reservationId, _quota.Snapshot(State, limit))
        {
            Tier = State.Tier, PreferencesVersion = _preferencesVersion,
        });
    }

    public async Task<QuotaSnapshot> CompleteMessageAsync(Guid reservationId, ChatroomSummary activity, TokenUsage? usage)
    {
        if (!Stored)
        {
            // A turn that finished after its owner's account was erased must not write a blank user back.
            _quota.Release(reservationId);
            return _quota.Snapshot(State, DailyLimit);
        }

        _quota.Commit(State, reservationId, usage);
        // The quota in the user's (small) state, the chatroom's activity in its own row of the list: together.
        await Task.WhenAll(user.WriteStateAsync(), _chatrooms.ReplaceAsync(Id, activity));
        return _quota.Snapshot(State, DailyLimit);
    }

    public Task<QuotaSnapshot> ReleaseMessageSlotAsync(Guid reservationId)
    {
        _quota.Release(reservationId);
        return Task.FromResult(_quota.Snapshot(State, DailyLimit));
    }

    public Task<UserPlan> GetPlanAsync() => Task.FromResult(new UserPlan(Exists, State.Tier, _quota.Snapshot(State, DailyLimit)));

    /// <summary>The tier a paid subscription gives; a complimentary plan still valid keeps the user on Pro.</summary>
    public async Task ApplyTierAsync(UserTier tier)
    {
        if (Exists)
        {
            State.Tier = TierWith(paid: tier);
            State.UpdatedAt = clock.GetUtcNow();
            await user.WriteStateAsync();
            await WriteDirectoryRowAsync();
        }
    }

    public Task<UploadAllowance> GetUploadAllowanceAsync() => Task.FromResult(_uploads.Allowance(State));

    public async Task<UploadAllowance> ReserveUploadAsync(long bytes)
    {
        if (!Exists)
        {
            return _uploads.Allowance(State) with { Granted = false };
        }

        var allowance = _uploads.TryReserve(State, bytes);
        if (allowance.Granted)
        {
            await user.WriteStateAsync();
        }

        return allowance;
    }

    public async Task ReleaseUploadAsync(long bytes)
    {
        if (Exists && _uploads.Release(State, bytes))
        {
            await user.WriteStateAsync();
        }
    }

    public async Task<ImageAllowance> ReserveImagesAsync(int count)
    {
        if (!Exists)
        {
            return _images.Allowance(State) with { Granted = false };
        }

        var allowance = _images.TryReserve(State, count);
        if (allowance.Granted)
        {
            await user.WriteStateAsync();
        }
        else
        {
            security.Metrics.QuotaRefused(State.Tier, "images");
        }

        return allowance;
    }

    public Task<ImageAllowance> GetImageAllowanceAsync() => Task.FromResult(_images.Allowance(State));

    public async Task<ImageAllowance> SettleImagesAsync(int reserved, int made)
    {
        if (Exists && _images.Settle(State, reserved, made))
        {
            await user.WriteStateAsync();
        }

        return _images.Allowance(State);
    }

    public async Task<bool> AddChatroomAsync(ChatroomSummary chatroom)
    {
        if (!Exists || (await _chatrooms.GetAsync(Id)).Count >= limits.MaxChatrooms)
        {
            return false;
        }

        await _chatrooms.PutAsync(Id, chatroom);
        return true;
    }

    public Task UpdateChatroomAsync(ChatroomSummary chatroom) => _chatrooms.ReplaceAsync(Id, chatroom);

    public Task RemoveChatroomAsync(string chatroomId) => _chatrooms.RemoveAsync(Id, chatroomId);

    public async Task<IReadOnlyList<ChatroomSummary>> GetChatroomsAsync() =>
        [.. (await _chatrooms.GetAsync(Id)).Values.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<ChatroomSummary>> GetChatroomsAsync(IReadOnlyList<string> chatroomIds)
    {
        var chatrooms = await _chatrooms.GetAsync(Id);
        return [.. chatroomIds.Select(id => chatrooms.GetValueOrDefault(id)).OfType<ChatroomSummary>()];
    }

    private int? DailyLimit => limits.MessagesPerDay(State.Tier);
}
