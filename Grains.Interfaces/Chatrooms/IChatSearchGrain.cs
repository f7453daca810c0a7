using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// Searches one user's chatrooms. A stateless worker (key 0): any silo answers from the search index, so a search
/// never waits behind a chatroom's turn.
/// </summary>
[Alias("GeminiClone.Chatrooms.IChatSearchGrain")]
public interface IChatSearchGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The owner's chatrooms whose title or messages match <paramref name="query"/>, best first, a page of
    /// <paramref name="limit"/> at a time (<paramref name="cursor"/>: the previous page's <c>NextCursor</c>).
    /// </summary>
    [Alias("Search"), ReadOnly]
    Task<ChatSearchResult> SearchAsync(string ownerId, string query, int limit, string? cursor);

    /// <summary>Every row of the owner's chatrooms, for the owner's account deletion (also rows a failed removal left behind).</summary>
    [Alias("RemoveOwner")]
    Task RemoveOwnerAsync(string ownerId);
}

[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatSearchStatus")]
public enum ChatSearchStatus
{
    Found = 0,
    /// <summary>The query holds no word (only punctuation or spaces).</summary>
    NothingToSearch = 1,
    InvalidCursor = 2,
}

[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatSearchResult")]
public sealed record ChatSearchResult(ChatSearchStatus Status, IReadOnlyList<ChatSearchMatch> Chatrooms, string? NextCursor);

/// <param name="MatchCount">How many of the chatroom's messages, earlier versions and title match.</param>
/// <param name="Hits">The best few of them.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatSearchMatch")]
public sealed record ChatSearchMatch(string ChatroomId, string Title, DateTimeOffset UpdatedAt, int MatchCount, IReadOnlyList<ChatSearchHit> Hits);

/// <summary>One matching message (or the title) with a snippet of its text around the match.</summary>
/// <param name="Sequence">The message's position in the chatroom; null when the title matched.</param>
/// <param name="Role">Null when the title matched.</param>
/// <param name="Version">0 for the message as it is now; k for its k-th earlier version (newest first).</param>
/// <param name="Highlights">The matching words in <paramref name="Snippet"/> (UTF-16 offsets).</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatSearchHit")]
public sealed record ChatSearchHit(
    int? Sequence, MessageRole? Role, int Version, DateTimeOffset At, string Snippet, IReadOnlyList<TextRange> Highlights);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.TextRange")]
public sealed record TextRange(int Start, int Length);
