using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Users;

/// <summary>
/// What operators do to the user: the view they get, roles (the admin role checked against the service-wide
/// <see cref="IAdminRosterGrain"/>, and granted to the numbers of <c>ADMIN_MOBILE_NUMBERS</c> as they sign in), and
/// suspension. Complimentary plans are in <c>UserGrain.Plans.cs</c>. Each change is stored, then audited.
/// </summary>
public sealed partial class UserGrain
{
    /// <summary>How long a suspension waits for running turns to stop before it answers anyway.</summary>
    private static readonly TimeSpan TurnStopTimeout = TimeSpan.FromSeconds(20);

    private IAdminRosterGrain AdminRoster => GrainFactory.GetGrain<IAdminRosterGrain>(0);

    public async Task<AdminUserView?> GetAdminViewAsync() => Exists
        ? new AdminUserView(Id, State.MobileNumber, State.Name, State.Tier, State.CreatedAt, LastActiveAt, Roles, State.Suspension,
            State.ComplimentaryPlan, _sessions.List().Count, (await _chatrooms.GetAsync(Id)).Count)
        : null;

    public async Task<AdminChangeStatus> SetRoleAsync(UserRole role, bool granted, string actorId)
    {
        if (!Exists)
        {
            return AdminChangeStatus.UnknownUser;
        }

        if (granted)
        {
            await GrantRoleAsync(role, actorId, ("via", "api"));
            return AdminChangeStatus.Done;
        }

        // The roster first: once it has let the user go, the role may go; the other order could leave no admin.
        if (role == UserRole.Admin && !await AdminRoster.TryRemoveAsync(Id))
        {
            return AdminChangeStatus.LastAdmin;
        }

        if (State.Roles?.Remove(role) == true)
        {
            await user.WriteStateAsync();
            await account.Audit.RecordAsync(AuditKinds.RoleRevoked, actorId, Id, ("role", RoleName(role)));
        }

        return AdminChangeStatus.Done;
    }

    public async Task<AdminChangeStatus> SuspendAsync(string reason, string actorId)
    {
        if (!Exists)
        {
            return AdminChangeStatus.UnknownUser;
        }

        if (Roles.Contains(UserRole.Admin))
        {
            return AdminChangeStatus.AdminCannotBeSuspended;
        }

        State.Suspension = new AccountSuspension(clock.GetUtcNow(), actorId, reason);
        await user.WriteStateAsync();
        await WriteDirectoryRowAsync();
        await account.Audit.RecordAsync(AuditKinds.UserSuspended, actorId, Id, ("reason", reason));
        StopRunningTurns();
        return AdminChangeStatus.Done;
    }

    public async Task<AdminChangeStatus> UnsuspendAsync(string actorId)
    {
        if (!Exists)
        {
            return AdminChangeStatus.UnknownUser;
        }

        if (IsSuspended)
        {
            State.Suspension = null;
            await user.WriteStateAsync();
            await WriteDirectoryRowAsync();
            await account.Audit.RecordAsync(AuditKinds.UserUnsuspended, actorId, Id);
        }

        return AdminChangeStatus.Done;
    }

    /// <summary>
    /// The role on the user's record first, then on the roster (asked again on every call, so a roster write that
    /// failed is made good by the next grant or sign-in: until then the roster counts fewer admins, never more).
    /// </summary>
    private async Task GrantRoleAsync(UserRole role, string actorId, params (string Key, string? Value)[] details)
    {
        var roles = State.Roles ??= [];
        if (!roles.Contains(role))
        {
            roles.Add(role);
            await user.WriteStateAsync();
            await account.Audit.RecordAsync(AuditKinds.RoleGranted, actorId, Id, [("role", RoleName(role)), .. details]);
        }

        if (role == UserRole.Admin)
        {
            await AdminRoster.AddAsync(Id);
        }
    }

    /// <summary>Called on every sign-in: a number <c>ADMIN_MOBILE_NUMBERS</c> lists becomes (or stays) an admin.</summary>
    private Task GrantListedAdminAsync() => account.AdminNumbers.Lists(State.MobileNumber)
        ? GrantRoleAsync(UserRole.Admin, AuditActors.System, ("via", "ADMIN_MOBILE_NUMBERS"))
        : Task.CompletedTask;

    /// <summary>
    /// Stops the turns of the user's chatrooms that run now (only when a turn holds one of today's slots). Not
    /// awaited: a turn that ends reports to this very grain, which must be free to hear it.
    /// </summary>
    private void StopRunningTurns()
    {
        if (!_quota.HoldsSlots)
        {
            return;
        }

        _ = StopAllAsync();

        async Task StopAllAsync()
        {
            try
            {
                var chatrooms = await _chatrooms.GetAsync(Id);
                await Task.WhenAll(chatrooms.Keys.Select(id => GrainFactory.GetGrain<IChatroomGrain>(id).StopTurnAsync(Id, null)))
                    .WaitAsync(TurnStopTimeout);
            }
            catch (Exception e)
            {
                LogTurnsNotStopped(e, Id);
            }
        }
    }

    private DateTimeOffset? LastActiveAt => _lastSeen is { } seen && (State.LastActiveAt is not { } stored || seen > stored) ? seen : State.LastActiveAt;

    private static string RoleName(UserRole role) => role.ToString().ToLowerInvariant();

    [LoggerMessage(LogLevel.Warning, "Not every running turn of suspended user {UserId} could be stopped")]
    private partial void LogTurnsNotStopped(Exception exception, string userId);
}
