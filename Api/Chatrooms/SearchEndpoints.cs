using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Search;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Chatrooms;

public static class SearchEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder chatrooms)
    {
        chatrooms.MapGet("/search", SearchAsync).WithName("SearchChatrooms")
            .WithSummary("The caller's chatrooms whose title or messages match q, best first, each with snippets of its best hits");
        return chatrooms;
    }

    public static async Task<Results<Ok<ApiResponse<SearchData>>, ValidationProblem, ProblemHttpResult>> SearchAsync(
        // Optional to the binder, so that a missing q is the same problem naming it as an empty one.
        [TextLength(1, SearchLimits.MaxQueryLength, Trimmed = true)] string? q,
        [Range(1, MaxLimit)] int? limit,
        [StringLength(64)] string? cursor,
        HttpContext httpContext,
        IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return ApiProblems.Invalid("q", "Say what to search for.");
        }

        var result = await grains.GetGrain<IChatSearchGrain>(0)
            .SearchAsync(httpContext.User.GetUserId(), q, limit ?? DefaultLimit, cursor);
        return result.Status switch
        {
            ChatSearchStatus.Found => TypedResults.Ok(ApiResponse.Ok("Search results fetched successfully", SearchData.From(result))),
            ChatSearchStatus.InvalidCursor => ApiProblems.Invalid("cursor", "The cursor is not one this search returned."),
            _ => ApiProblems.Invalid("q", "The query must contain a word to search for."),
        };
    }
}

/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record SearchData(IReadOnlyList<SearchResultData> Results, string? NextCursor)
{
    public static SearchData From(ChatSearchResult result) => new([.. result.Chatrooms.Select(SearchResultData.From)], result.NextCursor);
}

/// <param name="MatchCount">How many of the chatroom's messages (their earlier versions, its title) match.</param>
/// <param name="Hits">The best of them, at most three.</param>
public sealed record SearchResultData(string ChatroomId, string Title, DateTime UpdatedAt, int MatchCount, IReadOnlyList<SearchHitData> Hits)
{
    public static SearchResultData From(ChatSearchMatch match) => new(
        match.ChatroomId, match.Title, match.UpdatedAt.UtcDateTime, match.MatchCount, [.. match.Hits.Select(SearchHitData.From)]);
}

/// <summary>A matching message, or the title (<c>sequence</c> and <c>role</c> null).</summary>
/// <param name="Sequence">The message's position: <c>GET /chatroom/:id?before=sequence+1</c> opens the history at it.</param>
/// <param name="Version">0 for the message as it is; k for its k-th earlier version (newest first, as in <c>versions</c>).</param>
/// <param name="Snippet">About 200 characters of the text around its first match, on one line.</param>
/// <param name="Highlights">The matching words in <c>snippet</c>, as UTF-16 offsets (JavaScript string indexes).</param>
public sealed record SearchHitData(int? Sequence, MessageRole? Role, int Version, DateTime At, string Snippet, IReadOnlyList<TextRange> Highlights)
{
    /// <summary>
    /// The message to select (<c>POST /chatroom/:id/messages/:messageId/select</c>) to make the branch holding this hit
    /// the current path: the message itself, or for a version the previous release kept, that version's id.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MessageId => Sequence is not { } sequence ? null : Version == 0 ? sequence : LegacyVersions.IdOf(sequence, Version - 1);

    public static SearchHitData From(ChatSearchHit hit) =>
        new(hit.Sequence, hit.Role, hit.Version, hit.At.UtcDateTime, hit.Snippet, hit.Highlights);
}
