using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// Reading the current path a page at a time, switching branches and deleting one. The tree is the header's fork
/// table (<see cref="ConversationTree"/>); a page reads only the path's messages.
/// </summary>
public sealed partial class ChatroomGrain
{
    public async Task<ChatroomPage?> GetPageAsync(string requesterId, int? before, int limit) =>
        OwnedBy(requesterId) is { } view ? await PathPageAsync(view, before, limit) : null;

    private async Task<ChatroomPage> PathPageAsync(ChatroomView view, int? before, int limit)
    {
        var tree = view.Tree;
        var current = tree.CurrentPath();
        // Before a message: the path to it (also on another branch than the current one, so paging never jumps
        // branches when the current one changes meanwhile); past the end, or none: the current path.
        var path = before is { } id && tree.Exists(id) ? tree.PathTo(tree.ParentOf(id)) : current;
        var page = ConversationTree.Tail(path, Math.Max(0, limit));
        var (messages, places) = await BranchReading.ReadAsync(_history, view, page);
        var pathLength = ConversationTree.LengthOf(current);
        return new ChatroomPage(await DetailsAsync(view), messages, page is [var first, ..] ? first.Start : before ?? 0,
            HasOlder: ConversationTree.LengthOf(path) > ConversationTree.LengthOf(page))
        {
            Generating = _inFlight.Running?.Progress(),
            Attachments = view.Attachments.IsEmpty ? null : view.Attachments,
            Places = places,
            PathLength = pathLength,
            LeafId = tree.Leaf,
        };
    }

    public async Task<ChatroomPage?> GetLogAsync(string requesterId, int start, int limit)
    {
        if (OwnedBy(requesterId) is not { } view)
        {
            return null;
        }

        var tree = view.Tree;
        var end = Math.Clamp(start + Math.Max(0, limit), 0, view.MessageCount);
        start = Math.Clamp(start, 0, end);
        var kept = Enumerable.Range(start, end - start).Where(id => !tree.IsRemoved(id)).ToList();
        var messages = await _history.ReadIdsAsync(view, kept);
        return new ChatroomPage(await DetailsAsync(view), messages, start, HasOlder: start > 0)
        {
            Attachments = view.Attachments.IsEmpty ? null : view.Attachments,
            Places = [.. kept.Select(id => new MessagePlace(id, tree.ParentOf(id), 1, 1))],
            LeafId = tree.Leaf,
        };
    }

    public async Task<BranchResult> SelectAsync(string requesterId, int messageId, int limit)
    {
        await _history.RefreshIfStaleAsync();
        if (OwnedBy(requesterId) is not { } view)
        {
            return new BranchResult(BranchStatus.ChatroomNotFound);
        }

        if (LegacyVersions.TryRead(messageId, out var holder, out var index))
        {
            if (!await MaterializeAsync(view, holder, index))
            {
                return new BranchResult(BranchStatus.MessageNotFound, Detail: $"This chatroom has no message {messageId}.");
            }
        }
        else if (!view.Tree.Exists(messageId))
        {
            return new BranchResult(BranchStatus.MessageNotFound, Detail: $"This chatroom has no message {messageId}.");
        }
        else if (view.Tree.NewestLeafUnder(messageId) is var leaf && leaf != view.Tree.Leaf)
        {
            await _history.SelectLeafAsync(leaf);
        }

        return new BranchResult(BranchStatus.Done, await PathPageAsync(_history.Current!, null, limit));
    }

    /// <summary>
    /// A version the previous release kept inside a message becomes a sibling of it: a copy appended to the log (the
    /// stored versions stay as they are). A question's copy takes along the answer it had then, when one is kept: the
    /// newest version of its answer written between that question and the next one.
    /// </summary>
    private async Task<bool> MaterializeAsync(ChatroomView view, int holder, int index)
    {
        if (!view.Tree.Exists(holder) || (await _history.ReadIdsAsync(view, [holder]))[0] is not { Versions: { } versions } message
            || index >= versions.Length)
        {
            return false;
        }

        var copy = versions[index] with { Versions = null };
        List<StoredMessage> appended = [copy];
        if (copy.Role == MessageRole.User && view.Tree.ChildrenOf(holder) is [var answerId, ..])
        {
            var answer = (await _history.ReadIdsAsync(view, [answerId]))[0];
            var until = index == 0 ? message.Timestamp : versions[index - 1].Timestamp;
            if (new[] { answer with { Versions = null } }.Concat(answer.Versions ?? [])
                .FirstOrDefault(a => a.Role == MessageRole.AI && a.Timestamp >= copy.Timestamp && a.Timestamp < until) is { } then)
            {
                appended.Add(then with { Versions = null });
            }
        }

        await _history.StoreTurnAsync(appended, view.Tree.ParentOf(holder));
        await _search.TurnStoredAsync();
        return true;
    }

    public async Task<BranchResult> DeleteMessageAsync(string requesterId, int messageId)
    {
        await _history.RefreshIfStaleAsync();
        if (OwnedBy(requesterId) is not { } view)
        {
            return new BranchResult(BranchStatus.ChatroomNotFound);
        }

        var tree = view.Tree;
        if (!tree.Exists(messageId))
        {
            return new BranchResult(BranchStatus.MessageNotFound, Detail: $"This chatroom has no message {messageId}.");
        }

        var siblings = tree.ChildrenOf(tree.ParentOf(messageId));
        if (siblings.Count == 1)
        {
            return new BranchResult(BranchStatus.OnlyChild,
                Detail: $"Message {messageId} has no sibling: deleting it would leave no path to the conversation's root. Delete the chatroom instead, or a branch beside it.");
        }

        var removed = tree.SubtreeOf(messageId);
        var leaf = tree.Leaf;
        if (removed.Any(run => leaf >= run.Start && leaf < run.End))
        {
            // The nearest sibling: the one before it, else the one after.
            var position = siblings.IndexOf(messageId);
            leaf = tree.NewestLeafUnder(siblings[position > 0 ? position - 1 : position + 1]);
        }

        await _history.RemoveAsync(removed, leaf);
        await _search.BranchRemovedAsync(removed);
        return new BranchResult(BranchStatus.Done);
    }
}
