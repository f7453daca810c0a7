using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Search;

/// <summary>
/// The search projection of every chatroom: derived data, written by each chatroom as it stores turns and rebuilt
/// from the chatrooms themselves (<c>Silo reindex</c>), never the truth. PostgreSQL full-text search in production
/// (<c>Grains/Adapters/PostgreSql/PostgresChatSearchIndex</c>), a process-wide index in the single-silo embedded mode
/// (<c>Grains/Adapters/InMemory/MemoryChatSearchIndex</c>).
/// </summary>
public interface IChatSearchIndex
{
    /// <summary>
    /// Puts the chatroom's title in the index and, for each of <paramref name="messages"/>, replaces whatever was
    /// indexed at its position by the message and its earlier versions.
    /// </summary>
    /// <param name="unindexedFrom">
    /// Where the chatroom's count of indexed messages ends: the index has nothing at these positions, or (a write that
    /// landed when its count was not stored) rows of the same message with no more versions than it has now. A store
    /// may write these without looking for rows to remove first, which is what a turn's own messages are. (Not covered:
    /// a message erased with its branch after such a write landed, whose erasure's own write then failed, keeps its
    /// earlier versions' rows until <c>Silo reindex</c>, as an erasure's failed write below the count always has.)
    /// </param>
    Task WriteAsync(
        SearchableChatroom chatroom, IReadOnlyList<SearchableMessage> messages, int unindexedFrom = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Everything indexed for one chatroom.</summary>
    Task RemoveChatroomAsync(string chatroomId, CancellationToken cancellationToken = default);

    /// <summary>Everything indexed for one user's chatrooms.</summary>
    Task RemoveOwnerAsync(string ownerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The owner's chatrooms in which every term of <paramref name="query"/> matches one message (or the title), best
    /// first: by the best hit's rank, then by latest activity. Each with its best <paramref name="hitsPerChatroom"/> hits.
    /// </summary>
    Task<IReadOnlyList<FoundChatroom>> FindAsync(
        string ownerId, SearchQuery query, int offset, int limit, int hitsPerChatroom, CancellationToken cancellationToken = default);
}

public sealed record SearchableChatroom(string ChatroomId, string OwnerId, string Title, DateTimeOffset UpdatedAt);

public sealed record SearchableMessage(int Sequence, StoredMessage Message);

/// <param name="Matches">How many of the chatroom's messages (and versions, and its title) match.</param>
public sealed record FoundChatroom(string ChatroomId, int Matches, IReadOnlyList<FoundHit> Hits);

/// <param name="Sequence">The message's position; <see cref="TitleSequence"/> for the title.</param>
/// <param name="Version">0 for the message as it is, k for its k-th earlier version (newest first).</param>
/// <param name="Role">Null for the title.</param>
public sealed record FoundHit(int Sequence, int Version, MessageRole? Role, DateTimeOffset At, string Text)
{
    public const int TitleSequence = -1;
}

/// <summary>How the index ranks hits, the same way in both stores.</summary>
public static class SearchRanking
{
    /// <summary>A title says what the whole chatroom is about.</summary>
    public const double TitleWeight = 2.0;

    /// <summary>A replaced answer or question is still findable, below what the chatroom says now.</summary>
    public const double VersionWeight = 0.5;

    public static double Weight(int sequence, int version) =>
        sequence == FoundHit.TitleSequence ? TitleWeight : version > 0 ? VersionWeight : 1.0;
}

/// <summary>The rows of the projection one message stands for: itself and its earlier versions.</summary>
public static class SearchableRows
{
    public static IEnumerable<(int Version, StoredMessage Message)> Of(StoredMessage message)
    {
        yield return (0, message);
        var version = 1;
        foreach (var earlier in message.Versions ?? [])
        {
            yield return (version++, earlier);
        }
    }
}
