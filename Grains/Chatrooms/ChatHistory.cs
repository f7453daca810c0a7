using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// A chatroom's stored conversation: the header and the recent window in the chatroom's own record, older messages
/// sealed into page grains of <see cref="ChatroomState.PageSize"/>. It keeps an immutable copy of what storage last
/// accepted (<see cref="Current"/>), which reads use while a turn may be changing the live state, and puts that copy
/// back when a write fails.
/// </summary>
/// <param name="onWriteUncertain">
/// Called after a failed write, which may still have landed (a lost acknowledgement): the grain deactivates, so a
/// fresh activation rereads the truth and its version tag instead of failing every later write on a stale one.
/// </param>
internal sealed class ChatHistory(
    IPersistentState<ChatroomState> record, IGrainFactory grains, string chatroomId, Action onWriteUncertain)
{
    private const int P = ChatroomState.PageSize;

    /// <summary>What storage last accepted; null while the chatroom does not exist.</summary>
    public ChatroomView? Current { get; private set; } = record.RecordExists ? ChatroomView.Of(chatroomId, record.State) : null;

    /// <summary>The state a turn or a change edits before <see cref="CommitAsync"/> writes it.</summary>
    public ChatroomState Live => record.State;

    public async Task CreateAsync(ChatroomState state)
    {
        record.State = state;
        try
        {
            await record.WriteStateAsync();
        }
        catch
        {
            record.State = new ChatroomState();
            throw;
        }

        Current = ChatroomView.Of(chatroomId, state);
    }

    /// <summary>Writes the live state; on failure puts back what storage last accepted.</summary>
    public async Task CommitAsync()
    {
        try
        {
            await record.WriteStateAsync();
        }
        catch
        {
            RollBack();
            throw;
        }

        Current = ChatroomView.Of(chatroomId, record.State);
    }

    /// <summary>
    /// Stores question and answer in one write, with the turn's receipt when it has an idempotency key (expired
    /// receipts leave in the same write): appended, sealing the oldest page first when the window is full, or in
    /// place of the last turn (<paramref name="replacesLast"/>, a regenerate or an edit; the window always holds it).
    /// </summary>
    public async Task StoreTurnAsync(StoredMessage asked, StoredMessage answered, bool replacesLast, TurnReceipt? receipt = null)
    {
        var state = record.State;
        if (receipt is not null)
        {
            state.Receipts = TurnReceipt.Keep(state.Receipts, receipt, answered.Timestamp);
        }

        if (replacesLast)
        {
            state.Recent[^2] = asked;
            state.Recent[^1] = answered;
            state.UpdatedAt = answered.Timestamp;
            await CommitAsync();
            return;
        }

        state.Recent.Add(asked);
        state.Recent.Add(answered);
        state.UpdatedAt = answered.Timestamp;
        if (state.Recent.Count >= 2 * P)
        {
            // The page is written before the header that points past it; if the header write fails the page
            // is simply written again, with the same messages, on the next turn.
            try
            {
                await Page(state.SealedPages).WriteAsync(state.Recent.GetRange(0, P));
            }
            catch
            {
                RollBack();
                throw;
            }

            state.Recent.RemoveRange(0, P);
            state.SealedPages++;
        }

        await CommitAsync();
    }

    /// <summary>Messages [start, end) in order, from sealed pages and the recent window.</summary>
    public async Task<List<StoredMessage>> ReadAsync(ChatroomView view, int start, int end)
    {
        var messages = new List<StoredMessage>(end - start);
        var sealedEnd = Math.Min(end, view.RecentStart);
        if (start < sealedEnd)
        {
            var firstPage = start / P;
            var pages = await Task.WhenAll(Enumerable.Range(firstPage, (sealedEnd - 1) / P - firstPage + 1).Select(p => Page(p).GetAsync()));
            for (var seq = start; seq < sealedEnd; seq++)
            {
                messages.Add(pages[seq / P - firstPage][seq % P]);
            }
        }

        for (var seq = Math.Max(start, view.RecentStart); seq < end; seq++)
        {
            messages.Add(view.Recent[seq - view.RecentStart]);
        }

        return messages;
    }

    /// <summary>Erases the record first (the chatroom is gone from then on), then its sealed pages.</summary>
    public async Task DeleteAsync()
    {
        var sealedPages = Current?.SealedPages ?? 0;
        await record.ClearStateAsync();
        Current = null;
        await Task.WhenAll(Enumerable.Range(0, sealedPages).Select(page => Page(page).ClearAsync()));
    }

    private void RollBack()
    {
        record.State = Current!.ToState();
        onWriteUncertain();
    }

    private IChatPageGrain Page(int index) => grains.GetGrain<IChatPageGrain>(ChatPageGrain.Key(chatroomId, index));
}
