using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// Sealed pages: when the window seals one, and the newest one kept in memory, which every turn's history reaches.
/// </summary>
/// <remarks>
/// Every turn rewrites the chatroom's record with its window, so the window is kept short: a page is sealed once the
/// window holds <see cref="SealAt"/> messages, leaving <see cref="MinRecent"/> to <see cref="SealAt"/> - 1 (until
/// 2026-12 it was 50 to 99, and a record stored then seals its surplus on its next turns). A turn's history reaches
/// back <see cref="Turns.TurnPlan.Reach"/> messages, so into the newest sealed page: the activation keeps that page,
/// which it wrote itself or read once, and its turns call no page grain. Pages change only through this class (a seal,
/// a rating, an erased branch), which keeps the copy in step; a version conflict forgets it.
/// </remarks>
internal sealed partial class ChatHistory
{
    /// <summary>
    /// The fewest messages a seal leaves in the window: the last five turns, which a follower of a just-ended turn
    /// finds in the chatroom's own record (<see cref="Turns.EndedTurns.FindStored"/>) whichever activation it asks.
    /// </summary>
    public const int MinRecent = 10;

    /// <summary>The window's size at which its oldest page is sealed.</summary>
    public const int SealAt = P + MinRecent;

    /// <summary>The newest sealed page as stored, or null until a turn needs it.</summary>
    private (int Index, IReadOnlyList<StoredMessage> Messages)? _lastPage;

    /// <summary>A sealed page's messages: the newest from memory once read or written, any other from its grain.</summary>
    private async Task<IReadOnlyList<StoredMessage>> PageAsync(ChatroomView view, int index)
    {
        if (_lastPage is { } kept && kept.Index == index)
        {
            return kept.Messages;
        }

        var messages = await Page(index).GetAsync();
        if (index == view.SealedPages - 1)
        {
            RememberLastPage(index, messages);
        }

        return messages;
    }

    /// <summary>Rewrites message <paramref name="id"/> on its sealed page (a rating, an erasure); false when the page has no such message.</summary>
    public async Task<bool> ReplaceSealedAsync(int id, StoredMessage message)
    {
        var index = id / P;
        if (!await Page(index).ReplaceAsync(id % P, message))
        {
            return false;
        }

        if (_lastPage is { } kept && kept.Index == index)
        {
            // A new list: a reader may be part-way through the one it was given.
            var messages = kept.Messages.ToList();
            messages[id % P] = message;
            _lastPage = (index, messages);
        }

        return true;
    }

    private void RememberLastPage(int index, IReadOnlyList<StoredMessage> messages) => _lastPage = (index, messages);

    private void ForgetPages() => _lastPage = null;

    private IChatPageGrain Page(int index) => grains.GetGrain<IChatPageGrain>(ChatPageGrain.Key(chatroomId, index));
}
