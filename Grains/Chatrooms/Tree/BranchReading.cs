using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms.Tree;

/// <summary>
/// Messages as clients read them: each with its place in the tree (id, parent, which of how many siblings) and,
/// for clients of before branches, its <c>versions</c>: its older siblings, newest first (for an answer whose question
/// was edited, also the answers of the question's older siblings), then the versions a chatroom of the previous
/// release stored on it. The versions' ids are what <c>select</c> takes to switch to one.
/// </summary>
internal static class BranchReading
{
    /// <summary>The messages of <paramref name="runs"/>, placed and with their versions.</summary>
    public static async Task<(List<StoredMessage> Messages, List<MessagePlace> Places)> ReadAsync(
        ChatHistory history, ChatroomView view, IReadOnlyList<IdRun> runs)
    {
        var messages = await history.ReadRunsAsync(view, runs);
        var ids = runs.SelectMany(r => Enumerable.Range(r.Start, r.Length)).ToList();
        return await PlaceAsync(history, view, ids, messages);
    }

    /// <summary>
    /// A turn's question and answer, placed (the answer with its versions). <paramref name="stored"/>: the two just
    /// stored, when the caller holds them; one appended to a linear conversation is then placed without reading
    /// anything (<see cref="PlaceAppended"/>).
    /// </summary>
    public static async ValueTask<(StoredMessage Question, StoredMessage Reply, MessagePlace UserPlace, MessagePlace ReplyPlace)> TurnAsync(
        ChatHistory history, ChatroomView view, int questionId, int answerId, (StoredMessage Question, StoredMessage Answer)? stored = null)
    {
        if (stored is var (question, answer) && PlaceAppended(view.Tree, questionId, question, answerId, answer) is var (asked, answered))
        {
            return (question, answer, asked, answered);
        }

        var (messages, places) = await PlaceAsync(history, view, [questionId, answerId], await history.ReadIdsAsync(view, [questionId, answerId]));
        return (messages[0], messages[1], places[0], places[1]);
    }

    /// <summary>
    /// A question and answer just appended to a linear conversation, placed without reading anything: each is its
    /// parent's only child, with no versions (nor stored ones of the previous release), which is what <see cref="TurnAsync"/>
    /// finds for them after reading them back and walking the tree. Most turns are such; null for any other.
    /// </summary>
    public static (MessagePlace Question, MessagePlace Answer)? PlaceAppended(
        ConversationTree tree, int questionId, StoredMessage question, int answerId, StoredMessage answer) =>
        tree.IsLinear && answerId == questionId + 1 && answerId == tree.Count - 1 && question.Versions is null && answer.Versions is null
            ? (new MessagePlace(questionId, questionId - 1, 1, 1), new MessagePlace(answerId, questionId, 1, 1))
            : null;

    private static async Task<(List<StoredMessage>, List<MessagePlace>)> PlaceAsync(
        ChatHistory history, ChatroomView view, List<int> ids, List<StoredMessage> messages)
    {
        var tree = view.Tree;
        var known = new Dictionary<int, StoredMessage>();
        for (var i = 0; i < ids.Count; i++)
        {
            known[ids[i]] = messages[i];
        }

        var shapes = ids.Select((id, i) => Shape(tree, id, messages[i])).ToList();
        var missing = shapes.SelectMany(s => s.Older.Append(s.Legacy)).Where(id => id >= 0 && !known.ContainsKey(id)).Distinct().ToList();
        foreach (var (id, message) in missing.Zip(await history.ReadIdsAsync(view, missing)))
        {
            known[id] = message;
        }

        var placed = new List<StoredMessage>(ids.Count);
        var places = new List<MessagePlace>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var shape = shapes[i];
            var legacy = shape.Legacy >= 0 ? known[shape.Legacy].Versions ?? [] : [];
            var versions = shape.Older.Select(id => (Id: id, Message: known[id]))
                .Concat(legacy.Select((v, j) => (Id: LegacyVersions.IdOf(shape.Legacy, j), Message: v)))
                .Take(StoredMessage.MaxVersions).ToList();
            placed.Add(messages[i] with { Versions = versions.Count > 0 ? [.. versions.Select(v => v.Message with { Versions = null, Parts = null })] : null });
            places.Add(new MessagePlace(ids[i], tree.ParentOf(ids[i]), legacy.Length + shape.Index, legacy.Length + shape.Count)
            {
                VersionIds = versions.Count > 0 ? [.. versions.Select(v => v.Id)] : null,
            });
        }

        return (placed, places);
    }

    /// <summary>
    /// Where a message stands among its siblings, the older messages shown as its versions, and the sibling that
    /// carries the previous release's stored versions of the group (the one at its parent's next log position; -1: none).
    /// </summary>
    private static (int Index, int Count, List<int> Older, int Legacy) Shape(ConversationTree tree, int id, StoredMessage message)
    {
        var parent = tree.ParentOf(id);
        var siblings = tree.ChildrenOf(parent);
        var position = siblings.IndexOf(id);
        var older = siblings.Take(position).Reverse().ToList();
        if (message.Role == MessageRole.AI && parent >= 0)
        {
            // An edit made a new question with its own answer: old clients read the earlier answers as this one's versions.
            var questions = tree.ChildrenOf(tree.ParentOf(parent));
            foreach (var question in questions.Take(questions.IndexOf(parent)).Reverse())
            {
                if (tree.ChildrenOf(question) is [.., var answer])
                {
                    older.Add(answer);
                }
            }
        }

        older = [.. older.Take(StoredMessage.MaxVersions)];
        var legacy = siblings is [var first, ..] && first == parent + 1 ? first : -1;
        return (position + 1, siblings.Count, older, legacy);
    }
}
