using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Search;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// Keeps one chatroom's rows in the search index in step with what it stores. The chatroom's state counts how many
/// of its messages the index has (<see cref="ChatroomState.SearchIndexedCount"/>), so a write the index missed (an
/// outage) is made up with the next turn, a bounded number of messages at a time, instead of being lost; an index
/// that fails never fails the turn itself. A full rebuild (<c>Silo reindex</c>) goes through
/// <see cref="RebuildAsync"/>. A temporary chatroom writes nothing to the index.
/// </summary>
internal sealed partial class ChatroomSearchProjection(IChatSearchIndex index, ChatHistory history, string chatroomId, ILogger logger)
{
    /// <summary>The most messages one turn indexes while catching up, so catching up never makes a turn slow.</summary>
    public const int MaxPerWrite = 500;

    /// <summary>After a create or a change: the title (and its activity time) as stored.</summary>
    public Task TitleChangedAsync() => TryAsync(view => index.WriteAsync(Searchable(view), []));

    /// <summary>
    /// After a turn was stored: the messages the index does not have yet, which always include the last two (a
    /// regenerate or an edit replaces them in place).
    /// </summary>
    public async Task TurnStoredAsync()
    {
        var view = history.Current!;
        var from = Math.Clamp(Math.Min(view.SearchIndexedCount, view.MessageCount - 2), 0, view.MessageCount);
        var to = Math.Min(view.MessageCount, from + MaxPerWrite);
        // Past the stored count the index has none of these rows to replace (IChatSearchIndex.WriteAsync).
        if (await TryAsync(async view => await index.WriteAsync(Searchable(view), await ReadAsync(view, from, to), unindexedFrom: view.SearchIndexedCount)))
        {
            // Stored with the chatroom's next write; until then a new activation just indexes these again.
            history.Live.SearchIndexedCount = to;
        }
    }

    /// <summary>After a branch was deleted: its messages, erased, replace what the index had of them.</summary>
    public async Task BranchRemovedAsync(IReadOnlyList<IdRun> removed)
    {
        foreach (var run in removed)
        {
            for (var from = run.Start; from < run.End; from += MaxPerWrite)
            {
                var to = Math.Min(run.End, from + MaxPerWrite);
                await TryAsync(async view => await index.WriteAsync(Searchable(view), await ReadAsync(view, from, to)));
            }
        }
    }

    public async Task RemoveAsync()
    {
        try
        {
            await index.RemoveChatroomAsync(chatroomId);
        }
        catch (Exception e)
        {
            // The search answers only with chatrooms its owner still has, so stale rows never show.
            LogIndexFailed(e, chatroomId);
        }
    }

    /// <summary>Replaces everything indexed for the chatroom with what it holds now; throws when the index fails.</summary>
    public async Task<int> RebuildAsync()
    {
        await index.RemoveChatroomAsync(chatroomId);
        if (history.Current is not { } view || view.Temporary)
        {
            return 0;
        }

        for (var from = 0; from == 0 || from < view.MessageCount; from += MaxPerWrite)
        {
            // Everything was removed above: nothing to replace.
            await index.WriteAsync(Searchable(view), await ReadAsync(view, from, Math.Min(view.MessageCount, from + MaxPerWrite)), unindexedFrom: 0);
        }

        if (view.SearchIndexedCount != view.MessageCount)
        {
            history.Live.SearchIndexedCount = view.MessageCount;
            await history.CommitAsync();
        }

        return view.MessageCount;
    }

    private async Task<bool> TryAsync(Func<ChatroomView, Task> write)
    {
        if (history.Current is not { } view || view.Temporary)
        {
            // A temporary chatroom is never indexed, so no search ever finds it.
            return false;
        }

        try
        {
            await write(view);
            return true;
        }
        catch (Exception e)
        {
            LogIndexFailed(e, chatroomId);
            return false;
        }
    }

    private async Task<IReadOnlyList<SearchableMessage>> ReadAsync(ChatroomView view, int from, int to) =>
        from >= to ? [] : [.. (await history.ReadAsync(view, from, to)).Select((message, i) => new SearchableMessage(from + i, message))];

    private static SearchableChatroom Searchable(ChatroomView view) => new(view.Id, view.OwnerId, view.Title, view.UpdatedAt);

    [LoggerMessage(LogLevel.Warning, "The search index missed a change of chatroom {ChatroomId}; its next turn (or Silo reindex) makes it up")]
    private partial void LogIndexFailed(Exception exception, string chatroomId);
}
