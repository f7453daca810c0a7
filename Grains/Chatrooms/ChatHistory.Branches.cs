using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// The conversation's branches over the log: what a path reads (only the pages its runs touch), a new message's
/// place in the tree, the current leaf, and erasing a deleted branch's messages where they are kept.
/// </summary>
internal sealed partial class ChatHistory
{
    /// <summary>
    /// Records where the next message hangs: nothing for the message after its parent in the log (every chatroom
    /// stored before branches, and every plain send on the newest branch), a fork entry otherwise. The leaf becomes the last message.
    /// </summary>
    private static void Branch(ChatroomState state, int parentId)
    {
        if (parentId != state.MessageCount - 1)
        {
            state.Forks = [.. state.Forks ?? [], new MessageFork(state.MessageCount, parentId)];
        }

        state.Leaf = null;
    }

    /// <summary>The messages of <paramref name="runs"/> in order, each sealed page read once.</summary>
    public async Task<List<StoredMessage>> ReadRunsAsync(ChatroomView view, IReadOnlyList<IdRun> runs)
    {
        var pageIndexes = new SortedSet<int>();
        foreach (var run in runs)
        {
            for (var page = run.Start / P; page < view.SealedPages && page * P < run.End; page++)
            {
                pageIndexes.Add(page);
            }
        }

        var read = await Task.WhenAll(pageIndexes.Select(async index => (index, messages: await PageAsync(view, index))));
        var pages = read.ToDictionary(p => p.index, p => p.messages);
        var messages = new List<StoredMessage>(runs.Sum(r => r.Length));
        foreach (var run in runs)
        {
            for (var id = run.Start; id < run.End; id++)
            {
                messages.Add(id < view.RecentStart ? pages[id / P][id % P] : view.Recent[id - view.RecentStart]);
            }
        }

        return messages;
    }

    /// <summary>Some messages by id (each sealed page read once), in the order asked.</summary>
    public async Task<List<StoredMessage>> ReadIdsAsync(ChatroomView view, IReadOnlyList<int> ids) =>
        await ReadRunsAsync(view, [.. ids.Select(id => new IdRun(id, id + 1))]);

    /// <summary>Makes <paramref name="leaf"/> the end of the current path (null stored for the last message, as a linear chatroom has it).</summary>
    public Task SelectLeafAsync(int leaf)
    {
        record.State.Leaf = leaf == record.State.MessageCount - 1 ? null : leaf;
        return CommitAsync();
    }

    /// <summary>
    /// Deletes a branch: its runs are recorded as removed and the current leaf moves to <paramref name="newLeaf"/> in
    /// one write of the header, which erases the messages the window holds; those on sealed pages are erased after
    /// (a page that fails keeps an unreachable message, which the next deletion or the chatroom's deletion erases).
    /// </summary>
    public async Task RemoveAsync(IReadOnlyList<IdRun> runs, int newLeaf)
    {
        var state = record.State;
        var start = state.SealedPages * P;
        state.Removed = [.. state.Removed ?? [], .. runs.Select(r => new MessageRange(r.Start, r.End))];
        foreach (var run in runs)
        {
            for (var id = Math.Max(run.Start, start); id < run.End; id++)
            {
                state.Recent[id - start] = Erased(state.Recent[id - start]);
            }
        }

        state.Leaf = newLeaf == state.MessageCount - 1 ? null : newLeaf;
        await CommitAsync();
        var sealedIds = runs.SelectMany(r => Enumerable.Range(r.Start, Math.Max(0, Math.Min(r.End, start) - r.Start)));
        foreach (var onPage in sealedIds.GroupBy(id => id / P))
        {
            var messages = await PageAsync(Current!, onPage.Key);
            foreach (var id in onPage)
            {
                await ReplaceSealedAsync(id, Erased(messages[id % P]));
            }
        }
    }

    /// <summary>What is left of a deleted message: its role and time, so the log keeps its shape; nothing it said.</summary>
    public static StoredMessage Erased(StoredMessage message) => new(message.Role, "", message.Timestamp);
}
