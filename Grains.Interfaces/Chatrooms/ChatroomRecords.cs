namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>How a chatroom talks to Gemini. Null members mean the service's defaults.</summary>
/// <param name="Model">A model id from the catalog; null for the catalog's default.</param>
/// <param name="SystemInstruction">Replaces the service's own instruction when set.</param>
/// <param name="ThinkingLevel"><c>minimal</c>, <c>low</c>, <c>medium</c> or <c>high</c>, as the model allows; null for its default.</param>
/// <param name="IncludeThoughts">Ask Gemini for thought summaries on every turn.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomSettings")]
public sealed record ChatroomSettings(string? Model, string? SystemInstruction, string? ThinkingLevel, bool IncludeThoughts)
{
    public static ChatroomSettings Default { get; } = new(null, null, null, false);

    /// <summary>Gemini's built-in tools every turn may use (a message may name others for itself).</summary>
    [Id(4)] public ChatTools Tools { get; init; }
}

/// <summary>
/// A change to a chatroom: only the members that are set change. An empty <paramref name="Model"/>,
/// <paramref name="SystemInstruction"/> or <paramref name="ThinkingLevel"/> goes back to the service's default.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomChange")]
public sealed record ChatroomChange(
    string? Title = null,
    string? Model = null,
    string? SystemInstruction = null,
    string? ThinkingLevel = null,
    bool? IncludeThoughts = null)
{
    /// <summary>The chatroom's tools from now on (<see cref="ChatTools.None"/>: none); null keeps them.</summary>
    [Id(5)] public ChatTools? Tools { get; init; }

    /// <summary>At creation only: the owner's Gem the chatroom starts from (its instructions, model and tools).</summary>
    [Id(10)] public string? GemId { get; init; }
    /// <summary>Pin or unpin; null keeps it. Organising a chatroom is not activity: it leaves its place in time alone.</summary>
    [Id(6)] public bool? Pinned { get; init; }

    /// <summary>Archive or bring back; null keeps it.</summary>
    [Id(7)] public bool? Archived { get; init; }

    /// <summary>A folder of the owner's to move the chatroom into; empty takes it out of its folder; null keeps it.</summary>
    [Id(8)] public string? FolderId { get; init; }

    /// <summary>Only at creation: a temporary chatroom (never searched, exported or shared; deleted after a day without activity). A change carrying it is refused.</summary>
    [Id(9)] public bool? Temporary { get; init; }
}

[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomChangeStatus")]
public enum ChatroomChangeStatus
{
    Changed = 0,
    NotFound = 1,
    /// <summary>A setting the caller's tier or the chosen model does not allow; the result names the field.</summary>
    Invalid = 2,
    TooManyChatrooms = 3,
    /// <summary>A tool the owner's plan does not include; the result names the field.</summary>
    NotOnPlan = 4,
    /// <summary>A tool the chatroom's model does not take; the result names the field.</summary>
    Unsupported = 5,
    /// <summary>The owner has no Gem of the id the change names.</summary>
    GemNotFound = 8,
    /// <summary>The folder named is not one of the owner's (missing, deleted or another user's: they read alike).</summary>
    FolderNotFound = 6,
}

/// <param name="Field">With <see cref="ChatroomChangeStatus.Invalid"/>: the request member at fault (e.g. <c>model</c>).</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomChangeResult")]
public sealed record ChatroomChangeResult(ChatroomChangeStatus Status, ChatroomDetails? Chatroom, string? Field = null, string? Detail = null);

/// <summary>
/// A chatroom as its owner's list shows it: the owner's grain keeps it as a projection of the chatroom, which sends
/// the whole summary (its flags included) with every change and turn.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomSummary")]
public sealed record ChatroomSummary(string Id, string Title, DateTimeOffset UpdatedAt)
{
    [Id(3)] public bool Pinned { get; init; }

    [Id(4)] public bool Archived { get; init; }

    /// <summary>The folder it was put in, as stored: a folder deleted since reads as none.</summary>
    [Id(5)] public string? FolderId { get; init; }

    [Id(6)] public bool Temporary { get; init; }
}

[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomDetails")]
public sealed record ChatroomDetails(
    string Id,
    string OwnerId,
    string Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount)
{
    [Id(6)] public ChatroomSettings Settings { get; init; } = ChatroomSettings.Default;

    /// <summary>The Gem the chatroom was started from, by the name it had at the chatroom's last turn; null for none.</summary>
    [Id(11)] public GemReference? Gem { get; init; }
    [Id(7)] public bool Pinned { get; init; }

    [Id(8)] public bool Archived { get; init; }

    /// <summary>The owner's folder holding it; null for none (also when the folder it was put in has been deleted).</summary>
    [Id(9)] public string? FolderId { get; init; }

    /// <summary>A temporary chatroom: never searched, exported or shared, deleted a while after its last activity.</summary>
    [Id(10)] public bool Temporary { get; init; }
}

/// <summary>A slice of a conversation, oldest first.</summary>
/// <param name="FirstSequence">The position of <c>Messages[0]</c> in the whole conversation (0 = its first message).</param>
/// <param name="HasOlder">Whether messages before <paramref name="FirstSequence"/> exist; page back with <c>before = FirstSequence</c>.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomPage")]
public sealed record ChatroomPage(ChatroomDetails Chatroom, IReadOnlyList<StoredMessage> Messages, int FirstSequence, bool HasOlder)
{
    /// <summary>The turn generating now, if any, so a reloaded page can show it and attach to its events.</summary>
    [Id(4)] public TurnProgress? Generating { get; init; }

    /// <summary>The chatroom's attachments, unsent and sent; null when it has none.</summary>
    [Id(5)] public IReadOnlyList<Attachment>? Attachments { get; init; }

    /// <summary>Where each of <see cref="Messages"/> stands in the tree, in the same order; null from older silos.</summary>
    [Id(6)] public IReadOnlyList<MessagePlace>? Places { get; init; }

    /// <summary>How many messages the current path holds (root to leaf); null from older silos.</summary>
    [Id(7)] public int? PathLength { get; init; }

    /// <summary>The end of the current path (-1: no message); null from older silos.</summary>
    [Id(8)] public int? LeafId { get; init; }
}

[GenerateSerializer, Alias("GeminiClone.Chatrooms.CreateChatroomStatus")]
public enum CreateChatroomStatus
{
    Created = 0,
    TooManyChatrooms = 1,
}

[GenerateSerializer, Alias("GeminiClone.Chatrooms.CreateChatroomResult")]
public sealed record CreateChatroomResult(CreateChatroomStatus Status, ChatroomDetails? Chatroom);
