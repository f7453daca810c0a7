using System.Text.Json.Serialization;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>A chatroom as <c>GET /chatroom</c> lists it.</summary>
/// <param name="Pinned">Pinned chatrooms come first.</param>
/// <param name="Archived">True only in <c>?archived=true</c> lists.</param>
/// <param name="FolderId">The caller's folder holding it; null for none.</param>
/// <param name="Temporary">True only in <c>?temporary=true</c> lists.</param>
public sealed record ChatroomListItem(string Id, string Title, DateTime UpdatedAt, bool Pinned, bool Archived, string? FolderId, bool Temporary)
{
    public static ChatroomListItem From(ChatroomSummary summary) => new(
        summary.Id, summary.Title, summary.UpdatedAt.UtcDateTime, summary.Pinned, summary.Archived, summary.FolderId, summary.Temporary);
}

/// <summary><c>GET /chatroom</c>'s envelope: the original put <c>count</c> (the chatrooms in <c>data</c>) beside <c>data</c>.</summary>
public sealed record ChatroomListResponse(bool Success, string Message, int Count, IReadOnlyList<ChatroomListItem> Data)
{
    /// <summary>Pass as <c>cursor</c> for the next page; present only on a page that more chatrooms follow.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }
}

public static class ChatroomListLimits
{
    /// <summary>The page size when a cursor comes without a limit.</summary>
    public const int DefaultLimit = 50;

    public const int MaxLimit = 200;
}
