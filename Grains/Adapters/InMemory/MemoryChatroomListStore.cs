using System.Collections.Concurrent;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Users;

namespace GeminiClone.Grains.Adapters.InMemory;

/// <summary>
/// The embedded mode's chatroom lists: a dictionary per user in one process-wide dictionary (the embedded mode's
/// single silo keeps its grain state in memory too). Summaries are immutable records, so rows hold them as given.
/// </summary>
public sealed class MemoryChatroomListStore : IChatroomListStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ChatroomSummary>> _lists = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<ChatroomSummary>> ReadAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ChatroomSummary>>(_lists.TryGetValue(userId, out var rows) ? [.. rows.Values] : []);

    public Task WriteAsync(string userId, IReadOnlyCollection<ChatroomSummary> chatrooms, CancellationToken cancellationToken = default)
    {
        var rows = _lists.GetOrAdd(userId, static _ => new ConcurrentDictionary<string, ChatroomSummary>(StringComparer.Ordinal));
        foreach (var chatroom in chatrooms)
        {
            rows[chatroom.Id] = chatroom;
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(string userId, string chatroomId, CancellationToken cancellationToken = default)
    {
        if (_lists.TryGetValue(userId, out var rows))
        {
            rows.TryRemove(chatroomId, out _);
        }

        return Task.CompletedTask;
    }

    public Task RemoveAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        _lists.TryRemove(userId, out _);
        return Task.CompletedTask;
    }
}
