using System.Collections.Immutable;
using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// The last state that storage accepted, read-only. Reads interleave with a send that is waiting on Gemini or on
/// storage, so they read this, never the live state a turn may be changing.
/// </summary>
/// <remarks>
/// It wraps a copy of the stored state that nothing else holds, so no member is carried across by hand: a member
/// added to <see cref="ChatroomState"/> is in the view (and back in <see cref="ToState"/>) as soon as it is stored, and
/// reads see it once a property here names it. Members stored as null by older releases read as their defaults.
/// </remarks>
internal sealed class ChatroomView
{
    private readonly ChatroomState _stored;

    private ChatroomView(string id, ChatroomState stored)
    {
        Id = id;
        _stored = stored;
        Recent = [.. stored.Recent];
        Receipts = stored.Receipts is { } receipts ? [.. receipts] : [];
        Attachments = stored.Attachments is { } attachments ? [.. attachments] : [];
    }

    /// <summary>A view of <paramref name="state"/> as it is now; later changes to it do not reach the view.</summary>
    public static ChatroomView Of(string id, ChatroomState state) => new(id, state.Copy());

    /// <summary>A state to change, exactly as stored (the view keeps its own copy).</summary>
    public ChatroomState ToState() => _stored.Copy();

    public string Id { get; }

    public string OwnerId => _stored.OwnerId;

    public string Title => _stored.Title;

    public DateTimeOffset CreatedAt => _stored.CreatedAt;

    public DateTimeOffset UpdatedAt => _stored.UpdatedAt;

    public int SealedPages => _stored.SealedPages;

    public ImmutableArray<StoredMessage> Recent { get; }

    public ChatroomSettings Settings => _stored.Settings ?? ChatroomSettings.Default;

    public ImmutableArray<TurnReceipt> Receipts { get; }

    public int SearchIndexedCount => _stored.SearchIndexedCount ?? 0;

    public bool RetentionScheduled => _stored.RetentionScheduled;

    public ImmutableArray<Attachment> Attachments { get; }

    public GemSettings? Gem => _stored.Gem;
    public bool Pinned => _stored.Pinned;

    public bool Archived => _stored.Archived;

    /// <summary>As stored: whether that folder still exists is the folders grain's to say.</summary>
    public string? FolderId => _stored.FolderId;

    public bool Temporary => _stored.Temporary;

    /// <summary>The owner chose the title; a chatroom stored before this was known did if its title is not the default.</summary>
    public bool TitleChosen => _stored.TitleChosen ?? _stored.Title != ChatroomLimits.DefaultTitle;

    public int TitleCalls => _stored.TitleCalls;

    public int MessageCount => _stored.MessageCount;

    public int RecentStart => SealedPages * ChatroomState.PageSize;

    /// <summary>The conversation's tree as stored (built once per stored state, in the number of branches).</summary>
    public ConversationTree Tree => _tree ??= new ConversationTree(MessageCount, _stored.Forks, _stored.Leaf, _stored.Removed);

    private ConversationTree? _tree;

    /// <summary>
    /// The unexpired receipt for an idempotency key of the client's or of the gateway's, if a stored turn carries it.
    /// The kinds never match each other: the gateway's key is made of a turn's id, which its client knows.
    /// </summary>
    public TurnReceipt? FindReceipt(string key, bool fromClient, DateTimeOffset now)
    {
        foreach (var receipt in Receipts)
        {
            if (receipt.FromClient == fromClient && receipt.Key == key && receipt.ExpiresAt > now)
            {
                return receipt;
            }
        }

        return null;
    }

    public ChatroomDetails ToDetails() => new(Id, OwnerId, Title, CreatedAt, UpdatedAt, MessageCount)
    {
        Settings = Settings, Gem = Gem?.ToReference(),
        Pinned = Pinned, Archived = Archived, FolderId = FolderId, Temporary = Temporary,
    };

    /// <summary>The owner's list entry: always every flag, so no update of the list can set one back to its default.</summary>
    public ChatroomSummary ToSummary() => new(Id, Title, UpdatedAt)
    {
        Pinned = Pinned, Archived = Archived, FolderId = FolderId, Temporary = Temporary,
    };
}
