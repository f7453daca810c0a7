namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// Which of a user's chatrooms to list, pinned first, then latest activity first. Archived and temporary chatrooms
/// are each listed only when asked for (and then only they are); <paramref name="FolderId"/> narrows to one folder.
/// </summary>
/// <param name="Limit">At most this many; null for all of them (the original's list, unpaged).</param>
/// <param name="Cursor">The previous page's <see cref="ChatroomListPage.NextCursor"/>: the page after it.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomListQuery")]
public sealed record ChatroomListQuery(bool Archived = false, bool Temporary = false, string? FolderId = null, int? Limit = null, string? Cursor = null);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomListStatus")]
public enum ChatroomListStatus
{
    Listed = 0,
    /// <summary>The folder asked for is not one of the user's.</summary>
    FolderNotFound = 1,
    /// <summary>The cursor is not one a listing gave out.</summary>
    InvalidCursor = 2,
}

/// <param name="Chatrooms">Their folder ids name existing folders only: a folder deleted since reads as none.</param>
/// <param name="NextCursor">Set when more chatrooms follow this page.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomListPage")]
public sealed record ChatroomListPage(ChatroomListStatus Status, IReadOnlyList<ChatroomSummary> Chatrooms, string? NextCursor);
