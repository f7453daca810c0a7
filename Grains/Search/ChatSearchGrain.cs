using System.Buffers.Binary;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.WebUtilities;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Search;

/// <summary>
/// Answers a search from the index, then asks the owner's grain which of the chatrooms found still exist: that list
/// is the truth, so a chatroom whose projection rows outlived it (a failed removal) never shows, and every result
/// carries its current title.
/// </summary>
[StatelessWorker]
public sealed class ChatSearchGrain(IChatSearchIndex index) : Grain, IChatSearchGrain
{
    /// <summary>The best hits shown per chatroom; <see cref="ChatSearchMatch.MatchCount"/> says how many there are.</summary>
    public const int HitsPerChatroom = 3;

    /// <summary>No one pages this deep through search results; it bounds what a forged cursor can ask.</summary>
    private const int MaxOffset = 100_000;

    public Task RemoveOwnerAsync(string ownerId) => index.RemoveOwnerAsync(ownerId);

    public async Task<ChatSearchResult> SearchAsync(string ownerId, string query, int limit, string? cursor)
    {
        var parsed = SearchQuery.Parse(query);
        if (parsed.IsEmpty)
        {
            return new ChatSearchResult(ChatSearchStatus.NothingToSearch, [], null);
        }

        if (ReadCursor(cursor) is not { } offset)
        {
            return new ChatSearchResult(ChatSearchStatus.InvalidCursor, [], null);
        }

        var found = await index.FindAsync(ownerId, parsed, offset, limit + 1, HitsPerChatroom);
        var page = found.Take(limit).ToList();
        // A temporary chatroom is never indexed; should rows of one be there anyway (a rebuild racing its creation), they never show.
        var existing = (await GrainFactory.GetGrain<IUserGrain>(ownerId).GetChatroomsAsync([.. page.Select(f => f.ChatroomId)]))
            .Where(summary => !summary.Temporary)
            .ToDictionary(summary => summary.Id, StringComparer.Ordinal);
        var matches = page.Where(f => existing.ContainsKey(f.ChatroomId))
            .Select(f => ToMatch(f, existing[f.ChatroomId], parsed))
            .ToList();
        var next = found.Count > limit ? WriteCursor(offset + limit) : null;
        return new ChatSearchResult(ChatSearchStatus.Found, matches, next);
    }

    private static ChatSearchMatch ToMatch(FoundChatroom found, ChatroomSummary chatroom, SearchQuery query) =>
        new(chatroom.Id, chatroom.Title, chatroom.UpdatedAt, found.Matches, [.. found.Hits.Select(hit => ToHit(hit, query))]);

    private static ChatSearchHit ToHit(FoundHit hit, SearchQuery query)
    {
        var (snippet, highlights) = SearchSnippet.Build(hit.Text, query);
        var isTitle = hit.Sequence == FoundHit.TitleSequence;
        return new ChatSearchHit(isTitle ? null : hit.Sequence, hit.Role, hit.Version, hit.At, snippet, highlights);
    }

    /// <summary>A cursor is the next page's offset, opaque to clients so it can change shape later.</summary>
    private static string WriteCursor(int offset)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, offset);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    private static int? ReadCursor(string? cursor)
    {
        if (cursor is null)
        {
            return 0;
        }

        try
        {
            var bytes = WebEncoders.Base64UrlDecode(cursor);
            return bytes.Length == 4 && BinaryPrimitives.ReadInt32BigEndian(bytes) is >= 0 and <= MaxOffset and var offset ? offset : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
