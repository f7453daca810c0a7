using System.Collections.Concurrent;
using GeminiClone.Grains.Admin;
using GeminiClone.Grains.Interfaces.Admin;

namespace GeminiClone.Grains.Adapters.InMemory;

/// <summary>
/// The embedded mode's directory: every user's row in one process-wide dictionary, scanned per query (the embedded
/// mode's single silo holds what one developer's machine holds).
/// </summary>
public sealed class MemoryUserDirectory : IUserDirectory
{
    private readonly ConcurrentDictionary<string, UserDirectoryEntry> _rows = new(StringComparer.Ordinal);

    public Task WriteAsync(UserDirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        _rows[entry.UserId] = entry;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string userId, CancellationToken cancellationToken = default)
    {
        _rows.TryRemove(userId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UserDirectoryEntry>> FindAsync(
        DirectoryQuery? query, DirectoryPosition? after, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UserDirectoryEntry>>(_rows.Values
            .Where(row => (query is null || query.Matches(row)) && (after is not { } position || position.IsBefore(row)))
            .OrderByDescending(row => row.CreatedAt).ThenByDescending(row => row.UserId, StringComparer.Ordinal)
            .Take(limit)
            .ToList());
}
