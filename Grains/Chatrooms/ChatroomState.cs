using GeminiClone.Grains.Chatrooms.Storage;
using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// A chatroom's header plus its recent window. Older messages are sealed into page grains of
/// <see cref="PageSize"/> messages, so the record written on each turn stays shorter than about a page
/// (<see cref="ChatHistory.SealAt"/>) however long the conversation grows.
/// </summary>
/// <remarks>
/// The window and the receipts are stored by <see cref="ChatroomStatePacking"/>: each record as the bytes it was
/// serialized to once, since stored records never change and both lists are written on every turn.
/// </remarks>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomState"), SerializationCallbacks(typeof(ChatroomStatePacking))]
public sealed class ChatroomState
{
    /// <summary>Part of the storage layout (page k holds messages [k·PageSize, (k+1)·PageSize)): never change it.</summary>
    public const int PageSize = 50;

    [Id(0)] public string OwnerId { get; set; } = "";
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(4)] public int SealedPages { get; set; }
    /// <summary>The messages after the sealed pages, oldest first; stored by <see cref="ChatroomStatePacking"/>.</summary>
    [field: NonSerialized]
    public List<StoredMessage> Recent { get; set; } = [];
    /// <summary>Null for chatrooms stored before settings existed: the defaults.</summary>
    [Id(6)] public ChatroomSettings? Settings { get; set; }
    /// <summary>
    /// Idempotency keys of recent turns, until they expire; null for chatrooms stored before they existed. Stored by
    /// <see cref="ChatroomStatePacking"/>.
    /// </summary>
    [field: NonSerialized]
    public List<TurnReceipt>? Receipts { get; set; }
    /// <summary>
    /// How many of the messages (from the first) the search index has; null for chatrooms stored before search
    /// existed, which their turns then index from the start, a bounded number at a time.
    /// </summary>
    [Id(8)] public int? SearchIndexedCount { get; set; }
    /// <summary>The chatroom has registered its retention reminder (<c>Chat:RetentionDays</c>).</summary>
    [Id(9)] public bool RetentionScheduled { get; set; }
    /// <summary>Files uploaded to the chatroom (their metadata; the bytes are in the attachment store).</summary>
    [Id(10)] public List<Attachment>? Attachments { get; set; }
    /// <summary>
    /// Whether the owner chose the title (at creation or with a rename), which a title the model makes never replaces;
    /// null for chatrooms stored before titles were made, whose title is the owner's unless it is the default one.
    /// </summary>
    [Id(11)] public bool? TitleChosen { get; set; }
    /// <summary>How many automatic title calls Gemini was sent (the first, and at most one retry).</summary>
    [Id(12)] public int TitleCalls { get; set; }
    /// <summary>Listed before the others in its owner's list.</summary>
    [Id(13)] public bool Pinned { get; set; }
    /// <summary>Left out of its owner's list unless archived chatrooms are asked for.</summary>
    [Id(14)] public bool Archived { get; set; }
    /// <summary>The owner's folder it was put in; the folder may since have been deleted, and then it is in none.</summary>
    [Id(15)] public string? FolderId { get; set; }
    /// <summary>Chosen at creation, never changed: not indexed, exported or shared, and deleted after <c>Chat:TemporaryChatLifetime</c> without activity.</summary>
    [Id(16)] public bool Temporary { get; set; }
    /// <summary>
    /// The Gem the chatroom was started from, as the chatroom last used it: refreshed by a turn that reads a newer
    /// one, and what its turns use once the Gem is deleted. Null for a chatroom without a Gem.
    /// </summary>
    [Id(18)] public GemSettings? Gem { get; set; }
    /// <summary>
    /// The conversation's branches: one entry per message whose parent is not the message before it in the log
    /// (<see cref="ConversationTree"/>). Null or empty: a linear conversation, as every chatroom stored before branches reads.
    /// </summary>
    [Id(19)] public List<MessageFork>? Forks { get; set; }
    /// <summary>The end of the current path; null: the last message.</summary>
    [Id(20)] public int? Leaf { get; set; }
    /// <summary>Messages deleted with their branch (their text erased; their positions never reused).</summary>
    [Id(21)] public List<MessageRange>? Removed { get; set; }

    // The lists as stored, set only while ChatroomStatePacking reads or writes the state: each in the shape releases
    // before 2026-12-06 wrote (every record serialized with the state; written as null in the packed shape, so that
    // such a release fails to load the chatroom rather than load it without its window) and packed.
    [Id(5)] internal List<StoredMessage>? RecentAsMessages;
    [Id(7)] internal List<TurnReceipt>? ReceiptsAsRecords;
    [Id(22)] internal PackedRecords? RecentPacked;
    [Id(23)] internal PackedRecords? ReceiptsPacked;

    // What the lists were last packed as (by a write or a read): the bytes of their records that are still in them are
    // taken from here on the next write. Never stored; carried by copies, since they match records by reference.
    [NonSerialized] internal PackedRecords? RecentLastPacked;
    [NonSerialized] internal PackedRecords? ReceiptsLastPacked;

    public int MessageCount => SealedPages * PageSize + Recent.Count;

    /// <summary>
    /// A copy that shares nothing a change could reach: every member is carried (scalars and immutable records as
    /// they are), and the lists are new lists. A list member added here needs its line below; the mapping test
    /// (ChatroomViewMappingTests) fails until it has one.
    /// </summary>
    internal ChatroomState Copy()
    {
        var copy = (ChatroomState)MemberwiseClone();
        copy.Recent = [.. Recent];
        copy.Receipts = Receipts is null ? null : [.. Receipts];
        copy.Attachments = Attachments is null ? null : [.. Attachments];
        copy.Forks = Forks is null ? null : [.. Forks];
        copy.Removed = Removed is null ? null : [.. Removed];
        return copy;
    }
}
