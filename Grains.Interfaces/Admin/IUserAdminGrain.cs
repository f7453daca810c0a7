using GeminiClone.Grains.Interfaces.Users;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Admin;

/// <summary>
/// What operators do to one user, keyed by the user id. The same grain as <see cref="IUserGrain"/> (one activation
/// holds the user), seen through the interface of the admin API. Every change is recorded in the audit log with
/// <c>actorId</c> as its actor.
/// </summary>
[Alias("GeminiClone.Admin.IUserAdminGrain")]
public interface IUserAdminGrain : IGrainWithStringKey
{
    /// <summary>The user as operators see it (no secrets, no conversations); null when there is no such user.</summary>
    [Alias("GetAdminView"), ReadOnly]
    Task<AdminUserView?> GetAdminViewAsync();

    /// <summary>
    /// Grants or takes <paramref name="role"/>. Taking the admin role of the last admin is refused
    /// (<see cref="AdminChangeStatus.LastAdmin"/>): the roster of admins (<see cref="IAdminRosterGrain"/>) decides.
    /// </summary>
    [Alias("SetRole")]
    Task<AdminChangeStatus> SetRoleAsync(UserRole role, bool granted, string actorId);

    /// <summary>
    /// Stops the account at once: every token, refresh token and API key is refused (on every gateway, which asks
    /// this grain on every request), sign-in is refused, and turns running now are stopped. An admin cannot be
    /// suspended: take the role first.
    /// </summary>
    [Alias("Suspend"), ResponseTimeout("00:00:45")]
    Task<AdminChangeStatus> SuspendAsync(string reason, string actorId);

    [Alias("Unsuspend")]
    Task<AdminChangeStatus> UnsuspendAsync(string actorId);

    /// <summary>
    /// <see cref="UserTier.Pro"/>: a complimentary Pro until <paramref name="until"/> (null: until taken away), which
    /// ends by itself (a durable reminder); <see cref="UserTier.Basic"/>: takes a complimentary plan away. Either way
    /// a paid Pro (a Stripe subscription) stays Pro.
    /// </summary>
    [Alias("SetPlan")]
    Task<AdminChangeStatus> SetPlanAsync(UserTier tier, DateTimeOffset? until, string actorId);

    /// <summary>
    /// Stores when the user was last active, noted in memory by the request checks; asked by the grain itself at
    /// most once an hour, so activity never costs a write per request.
    /// </summary>
    [Alias("RecordActivity"), OneWay]
    Task RecordActivityAsync();

    /// <summary>Writes the user's row of the operators' directory again (the <c>Silo sync-directory</c> backfill); false when there is no such user.</summary>
    [Alias("SyncDirectory")]
    Task<bool> SyncDirectoryAsync();
}

[GenerateSerializer, Alias("GeminiClone.Admin.AdminChangeStatus")]
public enum AdminChangeStatus
{
    Done = 0,
    UnknownUser = 1,
    /// <summary>The admin role of the only admin left cannot be taken.</summary>
    LastAdmin = 2,
    /// <summary>An admin cannot be suspended (operators would lock themselves out); take the role first.</summary>
    AdminCannotBeSuspended = 3,
}

/// <summary>One user as operators see it: the profile without secrets, its access, its plan and how much it holds.</summary>
/// <param name="MobileNumber">E.164; the gateway shows it masked.</param>
/// <param name="LastActiveAt">To within an hour; null before the first request after this was recorded.</param>
/// <param name="Complimentary">A complimentary plan an operator gave, while it lasts.</param>
/// <param name="Sessions">Open sign-in sessions.</param>
[GenerateSerializer, Alias("GeminiClone.Admin.AdminUserView")]
public sealed record AdminUserView(
    string Id,
    string MobileNumber,
    string Name,
    UserTier Tier,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastActiveAt,
    IReadOnlyList<UserRole> Roles,
    AccountSuspension? Suspension,
    ComplimentaryPlan? Complimentary,
    int Sessions,
    int Chatrooms);

/// <summary>
/// Who holds the admin role, service-wide (key 0): the one owner of the count, so "never the last admin" holds
/// however many operators take roles at once. The user's grain holds the role itself, and asks here first.
/// </summary>
[Alias("GeminiClone.Admin.IAdminRosterGrain")]
public interface IAdminRosterGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task AddAsync(string userId);

    /// <summary>Takes <paramref name="userId"/> off the roster unless it is the last admin on it (false, and nothing changes).</summary>
    [Alias("TryRemove")]
    Task<bool> TryRemoveAsync(string userId);

    /// <summary>For an account erased: off the roster whatever is left.</summary>
    [Alias("Remove")]
    Task RemoveAsync(string userId);

    [Alias("GetAdmins"), ReadOnly]
    Task<IReadOnlyList<string>> GetAdminsAsync();
}
