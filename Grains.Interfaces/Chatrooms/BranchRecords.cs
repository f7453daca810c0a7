namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// Where a message stands in its chatroom's tree: its id (its position in the chatroom's log), its parent's (-1 at
/// the root), and its place among its parent's children (1-based; a count of 1 means it has no alternatives).
/// </summary>
/// <param name="VersionIds">The ids of the message's <c>Versions</c> as returned with it, in the same order (what <c>select</c> takes).</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.MessagePlace")]
public sealed record MessagePlace(int Id, int ParentId, int SiblingIndex, int SiblingCount, int[]? VersionIds = null);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.BranchStatus")]
public enum BranchStatus
{
    Done = 0,
    ChatroomNotFound = 1,
    MessageNotFound = 2,
    /// <summary>A delete of a message that has no sibling: it is the only path to the root.</summary>
    OnlyChild = 3,
}

/// <summary>What a select or a delete did; a select answers the new current path (as a page of the chatroom).</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.BranchResult")]
public sealed record BranchResult(BranchStatus Status, ChatroomPage? Path = null, string? Detail = null);

/// <summary>
/// Ids for the versions a chatroom of the previous release stored inside a message (before branches): negative, so
/// they never meet a log position. Selecting one appends a copy of it as a new sibling; the stored versions stay.
/// </summary>
public static class LegacyVersions
{
    public static int IdOf(int messageId, int index) => -2 - (messageId * StoredMessage.MaxVersions + index);

    public static bool TryRead(int id, out int messageId, out int index)
    {
        var k = -2 - id;
        (messageId, index) = (k / StoredMessage.MaxVersions, k % StoredMessage.MaxVersions);
        return id <= -2;
    }
}
