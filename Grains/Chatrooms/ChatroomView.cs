using System.Collections.Immutable;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// An immutable copy of the last state that storage accepted. Reads interleave with a send that is waiting on
/// Gemini or on storage, so they read this, never the live state a turn may be changing.
/// </summary>
internal sealed record ChatroomView(
    string Id,
    string OwnerId,
    string Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int SealedPages,
    ImmutableArray<StoredMessage> Recent,
    ChatroomSettings Settings,
    ImmutableArray<TurnReceipt> Receipts,
    int SearchIndexedCount,
    bool RetentionScheduled,
    ImmutableArray<Attachment> Attachments)
{
    public int MessageCount => SealedPages * ChatroomState.PageSize + Recent.Length;

    public int RecentStart => SealedPages * ChatroomState.PageSize;

    public static ChatroomView Of(string id, ChatroomState state) => new(
        id, state.OwnerId, state.Title, state.CreatedAt, state.UpdatedAt, state.SealedPages, [.. state.Recent],
        state.Settings ?? ChatroomSettings.Default, state.Receipts is { } receipts ? [.. receipts] : [],
        state.SearchIndexedCount ?? 0, state.RetentionScheduled, state.Attachments is { } attachments ? [.. attachments] : []);

    public ChatroomState ToState() => new()
    {
        OwnerId = OwnerId,
        Title = Title,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        SealedPages = SealedPages,
        Recent = [.. Recent],
        Settings = Settings == ChatroomSettings.Default ? null : Settings,
        Receipts = Receipts.IsEmpty ? null : [.. Receipts],
        SearchIndexedCount = SearchIndexedCount,
        RetentionScheduled = RetentionScheduled,
        Attachments = Attachments.IsEmpty ? null : [.. Attachments],
    };

    /// <summary>The unexpired receipt for an idempotency key, if a stored turn carries it.</summary>
    public TurnReceipt? FindReceipt(string key, DateTimeOffset now)
    {
        foreach (var receipt in Receipts)
        {
            if (receipt.Key == key && receipt.ExpiresAt > now)
            {
                return receipt;
            }
        }

        return null;
    }

    public ChatroomDetails ToDetails() => new(Id, OwnerId, Title, CreatedAt, UpdatedAt, MessageCount) { Settings = Settings };

    public ChatroomSummary ToSummary() => new(Id, Title, UpdatedAt);
}
