using GeminiClone.Grains.Interfaces.Admin;

namespace GeminiClone.Grains.Admin;

/// <summary>
/// The operators' directory of users: a projection each user grain keeps of itself (its state is stored serialized,
/// which cannot be searched), rebuilt from the grains by <c>Silo sync-directory</c>, never the truth. PostgreSQL in
/// production (<c>Grains/Adapters/PostgreSql/PostgresUserDirectory</c>), the process in the embedded mode
/// (<c>Grains/Adapters/InMemory/MemoryUserDirectory</c>).
/// </summary>
public interface IUserDirectory
{
    /// <summary>Puts the user's row in, replacing what was there.</summary>
    Task WriteAsync(UserDirectoryEntry entry, CancellationToken cancellationToken = default);

    Task RemoveAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The users <paramref name="query"/> matches (every user when null), newest first (by creation, then id
    /// descending), from just after <paramref name="after"/>; at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<UserDirectoryEntry>> FindAsync(
        DirectoryQuery? query, DirectoryPosition? after, int limit, CancellationToken cancellationToken = default);
}

/// <summary>Where a page ended: the last row's creation time and id.</summary>
public readonly record struct DirectoryPosition(DateTimeOffset CreatedAt, string UserId)
{
    /// <summary>Whether <paramref name="entry"/> comes after this position in the directory's order.</summary>
    public bool IsBefore(UserDirectoryEntry entry) =>
        entry.CreatedAt < CreatedAt || (entry.CreatedAt == CreatedAt && string.CompareOrdinal(entry.UserId, UserId) < 0);
}
