using GeminiClone.Grains.Interfaces.Users;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Admin;

/// <summary>
/// The operators' read side of users: finding them in the directory (a projection the user grains keep, since
/// their own state is stored serialized and cannot be searched) and one user's full view. No state: every silo runs it.
/// </summary>
[Alias("GeminiClone.Admin.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Users whose mobile number holds the digits of <paramref name="query"/> (or is the number it normalizes to),
    /// whose name contains it (any case), or whose id it is; every user for an empty query. Newest first, a page of
    /// <paramref name="limit"/> at a time from <paramref name="cursor"/>.
    /// </summary>
    [Alias("Find"), ReadOnly]
    Task<UserDirectoryPage> FindAsync(string? query, int limit, string? cursor);

    /// <summary>The user with how many passkeys and API keys it has; null when there is no such user.</summary>
    [Alias("GetUser"), ReadOnly]
    Task<AdminUserDetails?> GetUserAsync(string userId);
}

/// <summary>A user's row in the directory.</summary>
[GenerateSerializer, Alias("GeminiClone.Admin.UserDirectoryEntry")]
public sealed record UserDirectoryEntry(
    string UserId, string MobileNumber, string Name, UserTier Tier, DateTimeOffset CreatedAt, DateTimeOffset? LastActiveAt, bool Suspended);

/// <param name="NextCursor">For the next page; null on the last.</param>
/// <param name="InvalidCursor">The cursor was not one a page gave.</param>
[GenerateSerializer, Alias("GeminiClone.Admin.UserDirectoryPage")]
public sealed record UserDirectoryPage(IReadOnlyList<UserDirectoryEntry> Users, string? NextCursor, bool InvalidCursor = false);

[GenerateSerializer, Alias("GeminiClone.Admin.AdminUserDetails")]
public sealed record AdminUserDetails(AdminUserView User, int Passkeys, int ApiKeys);
