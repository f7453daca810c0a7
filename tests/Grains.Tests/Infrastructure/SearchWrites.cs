using System.Collections.Concurrent;
using GeminiClone.Grains.Adapters.InMemory;
using GeminiClone.Grains.Search;

namespace GeminiClone.Grains.Tests.Infrastructure;

/// <summary>
/// Counts the writes every test silo's search index receives, by chatroom: for tests about how often a flow writes to
/// the index (in production, a PostgreSQL statement each). One record for every cluster in the process; a test's own
/// chatrooms keep its counts apart.
/// </summary>
public static class SearchWrites
{
    private static readonly ConcurrentDictionary<string, int> Writes = new();

    /// <summary>How many writes the chatroom made to the index.</summary>
    public static int Count(string chatroomId) => Writes.GetValueOrDefault(chatroomId);

    /// <summary>A silo's index: the embedded mode's, one per silo as there, counted.</summary>
    public static IChatSearchIndex NewIndex() => new CountedIndex(new MemoryChatSearchIndex());

    private sealed class CountedIndex(IChatSearchIndex inner) : IChatSearchIndex
    {
        public Task WriteAsync(
            SearchableChatroom chatroom, IReadOnlyList<SearchableMessage> messages, int unindexedFrom = int.MaxValue, CancellationToken cancellationToken = default)
        {
            Writes.AddOrUpdate(chatroom.ChatroomId, 1, (_, count) => count + 1);
            return inner.WriteAsync(chatroom, messages, unindexedFrom, cancellationToken);
        }

        public Task RemoveChatroomAsync(string chatroomId, CancellationToken cancellationToken = default) =>
            inner.RemoveChatroomAsync(chatroomId, cancellationToken);

        public Task RemoveOwnerAsync(string ownerId, CancellationToken cancellationToken = default) =>
            inner.RemoveOwnerAsync(ownerId, cancellationToken);

        public Task<IReadOnlyList<FoundChatroom>> FindAsync(
            string ownerId, SearchQuery query, int offset, int limit, int hitsPerChatroom, CancellationToken cancellationToken = default) =>
            inner.FindAsync(ownerId, query, offset, limit, hitsPerChatroom, cancellationToken);
    }
}
