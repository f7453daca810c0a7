using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Storage;
using Orleans.Storage;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// A chatroom's stored conversation: the header and the recent window in the chatroom's own record, older messages
/// sealed into page grains of <see cref="ChatroomState.PageSize"/>. It keeps an immutable copy of what storage last
/// accepted (<see cref="Current"/>), which reads use while a turn may be changing the live state, and puts that copy
/// back when a write fails, so the activation keeps serving reads while its store is away.
/// </summary>
/// <remarks>
/// A write that failed after its statement may have reached the store (a lost acknowledgement) is settled before it
/// is reported: the record is read back, and the version tag tells (ours only moves it, Orleans runs one activation
/// per chatroom and every write is conditional on the tag). When the store does not answer within
/// <see cref="SettleBudget"/>, the write is reported as of unknown fate and the record is read again before the next
/// write, so a retry under the same idempotency key finds the turn if it was stored.
/// </remarks>
internal sealed partial class ChatHistory(IPersistentState<ChatroomState> record, IGrainFactory grains, string chatroomId)
{
    private const int P = ChatroomState.PageSize;

    /// <summary>How long a write of unknown fate may wait for the store to say whether it landed (a restart takes 1-4 s).</summary>
    public static readonly TimeSpan SettleBudget = TimeSpan.FromSeconds(6);

    /// <summary>Storage may hold something else than <see cref="Current"/>: read it before writing again.</summary>
    private bool _stale;

    /// <summary>What storage last accepted; null while the chatroom does not exist.</summary>
    public ChatroomView? Current { get; private set; } = record.RecordExists ? ChatroomView.Of(chatroomId, record.State) : null;

    /// <summary>The state a turn or a change edits before <see cref="CommitAsync"/> writes it.</summary>
    public ChatroomState Live => record.State;

    /// <summary>
    /// Before a change: after a write of unknown fate or a version conflict, reads what storage holds (a 503 while it
    /// cannot). Reads never need this; they serve <see cref="Current"/>.
    /// </summary>
    public async Task RefreshIfStaleAsync()
    {
        if (!_stale)
        {
            return;
        }

        await record.ReadStateAsync();
        _stale = false;
        Current = record.RecordExists ? ChatroomView.Of(chatroomId, record.State) : null;
    }

    public async Task CreateAsync(ChatroomState state)
    {
        record.State = state;
        await WriteAsync();
    }

    /// <summary>
    /// A new chatroom that starts with <paramref name="messages"/> (a copied conversation), laid out as turns would
    /// have left it: whole pages sealed, written before the record that points past them, and
    /// <see cref="MinRecent"/> to <see cref="SealAt"/> - 1 in the window.
    /// </summary>
    public async Task CreateAsync(ChatroomState state, IReadOnlyList<StoredMessage> messages)
    {
        var sealedPages = messages.Count < SealAt ? 0 : (messages.Count - MinRecent) / P;
        await Task.WhenAll(Enumerable.Range(0, sealedPages).Select(page => Page(page).WriteAsync([.. messages.Skip(page * P).Take(P)])));
        state.SealedPages = sealedPages;
        state.Recent = [.. messages.Skip(sealedPages * P)];
        await CreateAsync(state);
    }

    /// <summary>Writes the live state; on failure puts back what storage last accepted.</summary>
    public async Task CommitAsync()
    {
        if (_stale)
        {
            // A change made without refreshing first was made on what may not be stored: refused, and refreshed for the retry.
            RollBack();
            await RefreshIfStaleAsync();
            throw new StorageUnavailableException("The chatroom was out of date and has been reloaded; nothing was stored.", mayHaveLanded: false);
        }

        await WriteAsync();
    }

    /// <summary>
    /// Writes the live state. It is then stored and <see cref="Current"/>; or it throws and <see cref="Current"/> is what
    /// storage holds: a <see cref="StorageUnavailableException"/> with <c>MayHaveLanded</c> only when that could not be
    /// found out (and then <see cref="Current"/> is the state before the write).
    /// </summary>
    private async Task WriteAsync()
    {
        var tagBefore = record.Etag;
        try
        {
            await record.WriteStateAsync();
            Current = ChatroomView.Of(chatroomId, record.State);
            return;
        }
        catch (Exception e) when (e is StorageUnavailableException { MayHaveLanded: false } or InconsistentStateException)
        {
            RollBack();
            // A version conflict: someone else's write is stored (a stale activation); read it before writing again,
            // and its pages too (it may have rated or erased a message on one).
            if (e is InconsistentStateException)
            {
                _stale = true;
                ForgetPages();
            }

            throw;
        }
        catch (Exception e) when (e is not (OrleansMessageRejectionException or SiloUnavailableException))
        {
            if (await SettleAsync(tagBefore) is { } landed)
            {
                if (landed)
                {
                    return;
                }

                throw new StorageUnavailableException("The store failed during the write, which was not stored.", mayHaveLanded: false);
            }

            RollBack();
            _stale = true;
            throw new StorageUnavailableException("The store stopped answering during the write; whether it was stored is not known yet.", mayHaveLanded: true);
        }
    }

    /// <summary>
    /// Reads the record back after a failed write: true when the write is stored (the version moved from the one it
    /// was conditional on), false when not, null when the store did not answer within <see cref="SettleBudget"/>.
    /// Either way the record then holds what storage holds.
    /// </summary>
    private async Task<bool?> SettleAsync(string? tagBefore)
    {
        var deadline = DateTime.UtcNow + SettleBudget;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await record.ReadStateAsync();
                Current = record.RecordExists ? ChatroomView.Of(chatroomId, record.State) : null;
                return record.Etag != tagBefore;
            }
            catch (Exception) when (DateTime.UtcNow + TimeSpan.FromMilliseconds(250 * attempt) < deadline)
            {
                // Real time, not the grain's clock: this waits for a database to come back.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 250 * attempt)));
            }
            catch (Exception)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Stores a turn's messages in one write (a question and its answer, or a regenerated answer alone), with the
    /// turn's receipt when it has an idempotency key (expired receipts leave in the same write): appended at the next
    /// log positions, sealing the oldest page first when the window is full. The first hangs under
    /// <paramref name="parentId"/> (a fork when that is not the message before it), each next one under the one
    /// before, and the last becomes the current leaf.
    /// </summary>
    public async Task StoreTurnAsync(IReadOnlyList<StoredMessage> appended, int parentId, TurnReceipt? receipt = null)
    {
        var state = record.State;
        var answered = appended[^1];
        if (receipt is not null)
        {
            state.Receipts = TurnReceipt.Keep(state.Receipts, receipt, answered.Timestamp);
        }

        Branch(state, parentId);
        state.Recent.AddRange(appended);
        // A version of the previous release selected as a branch is appended with its own (older) time.
        state.UpdatedAt = answered.Timestamp > state.UpdatedAt ? answered.Timestamp : state.UpdatedAt;
        if (state.Recent.Count >= SealAt)
        {
            // The page is written before the header that points past it; if the header write fails the page
            // is simply written again, with the same messages, on the next turn.
            try
            {
                await Page(state.SealedPages).WriteAsync(state.Recent.GetRange(0, P));
            }
            catch (Exception e)
            {
                RollBack();
                if (e is StorageUnavailableException)
                {
                    // Whatever became of the page, the header that would point past it was not written.
                    throw new StorageUnavailableException("A history page could not be written; nothing was stored.", mayHaveLanded: false);
                }

                throw;
            }

            var sealedPage = state.Recent.GetRange(0, P);
            state.Recent.RemoveRange(0, P);
            state.SealedPages++;
            await CommitAsync();
            RememberLastPage(state.SealedPages - 1, sealedPage);
            return;
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
            var pages = await Task.WhenAll(Enumerable.Range(firstPage, (sealedEnd - 1) / P - firstPage + 1).Select(p => PageAsync(view, p)));
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
        ForgetPages();
        await Task.WhenAll(Enumerable.Range(0, sealedPages).Select(page => Page(page).ClearAsync()));
    }

    private void RollBack() => record.State = Current?.ToState() ?? new ChatroomState();
}
