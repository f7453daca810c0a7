using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// What a turn asks and where its messages go in the tree. A send appends a new question under the current leaf (or
/// the answer it names) and its answer; an edit appends a sibling of the edited question and its answer; a
/// regenerate asks an answer's question again and appends the new answer alone, as that answer's sibling. Nothing
/// stored is replaced: every earlier branch stays whole.
/// </summary>
/// <param name="History">What Gemini sees before the question: the end of that branch's path, never another branch.</param>
/// <param name="AskedId">The question's id: the next log position, or for a regenerate the question asked again.</param>
/// <param name="ParentId">Where the first message the turn stores hangs (the question's parent; a regenerate's question).</param>
/// <param name="StoresQuestion">False for a regenerate, which stores the answer alone.</param>
/// <param name="AnswerId">Where the answer will be stored: after the question, or for a regenerate at the next log position.</param>
internal sealed record TurnPlan(IReadOnlyList<StoredMessage> History, StoredMessage Asked, int AskedId, int ParentId, bool StoresQuestion, int AnswerId)
{
    /// <summary>
    /// How far back along the branch a turn reads: the history window (<c>Chat:HistoryMaxMessages</c>, 40 by default)
    /// picks from these. One page: a linear chatroom's window and its newest sealed page hold it, and the chatroom keeps
    /// that page in memory (<see cref="ChatHistory"/>), so its turns call no page grain.
    /// </summary>
    public const int Reach = ChatroomState.PageSize;

    /// <summary>
    /// The plan, or the refusal when the message named is missing or of the wrong kind, or the message carries more
    /// than <paramref name="maxAttachments"/> attachments or one the model does not read.
    /// </summary>
    public static async Task<(TurnPlan? Plan, ChatTurnResult? Refusal)> ForAsync(
        ChatHistory history, ChatroomView view, ChatTurnRequest request, DateTimeOffset now, Func<string, bool>? modelReads = null,
        int maxAttachments = int.MaxValue)
    {
        var tree = view.Tree;
        switch (request.Kind)
        {
            case TurnKind.Send:
                var parent = request.ParentId ?? tree.Leaf;
                if (request.ParentId is { } named && await RoleOfAsync(history, view, named) is var role && role != MessageRole.AI)
                {
                    return Refused(role is null ? ChatTurnStatus.NotFound : ChatTurnStatus.WrongMessageKind,
                        role is null ? $"This chatroom has no message {named}." : $"Message {named} is a question: a message follows an answer.");
                }

                var (asking, refusal) = TurnAttachments.Question(view, request, now, modelReads, maxAttachments);
                return asking is null ? (null, refusal) : (await PlanAsync(history, view, asking, view.MessageCount, parent, true), null);

            case TurnKind.Edit:
                var edited = request.EditedSequence;
                if (await ReadAsync(history, view, edited) is not { } question)
                {
                    return Refused(ChatTurnStatus.NotFound, "This chatroom has no message at that position.");
                }

                if (question.Role != MessageRole.User)
                {
                    return Refused(ChatTurnStatus.WrongMessageKind, $"Message {edited} is an answer: only questions are edited (regenerate an answer instead).");
                }

                var rewritten = new StoredMessage(MessageRole.User, request.Text, now) { Attachments = question.Attachments };
                return (await PlanAsync(history, view, rewritten, view.MessageCount, tree.ParentOf(edited), true), null);

            default:
                return await RegenerateAsync(history, view, request);
        }
    }

    private static async Task<(TurnPlan?, ChatTurnResult?)> RegenerateAsync(ChatHistory history, ChatroomView view, ChatTurnRequest request)
    {
        var tree = view.Tree;
        var answerId = request.RegeneratedId ?? tree.Leaf;
        var answer = await ReadAsync(history, view, answerId);
        if (request.RegeneratedId is null && answer?.Role != MessageRole.AI)
        {
            return Refused(ChatTurnStatus.NothingToRegenerate, "This chatroom has no answer to regenerate yet.");
        }

        if (answer is null)
        {
            return Refused(ChatTurnStatus.NotFound, "This chatroom has no message at that position.");
        }

        var questionId = tree.ParentOf(answerId);
        if (answer.Role != MessageRole.AI || await ReadAsync(history, view, questionId) is not { Role: MessageRole.User } question)
        {
            return Refused(ChatTurnStatus.WrongMessageKind, $"Message {answerId} is not an answer to a question: only answers are regenerated.");
        }

        return (await PlanAsync(history, view, question, questionId, tree.ParentOf(questionId), false), null);
    }

    /// <summary>The plan, with the end of the branch the question hangs under as its history.</summary>
    private static async Task<TurnPlan> PlanAsync(
        ChatHistory history, ChatroomView view, StoredMessage asked, int askedId, int questionParent, bool storesQuestion)
    {
        var tail = ConversationTree.Tail(view.Tree.PathTo(questionParent), Reach);
        var before = await history.ReadRunsAsync(view, tail);
        return new TurnPlan(before, asked, askedId, storesQuestion ? questionParent : askedId, storesQuestion,
            storesQuestion ? view.MessageCount + 1 : view.MessageCount);
    }

    private static async Task<StoredMessage?> ReadAsync(ChatHistory history, ChatroomView view, int id) =>
        view.Tree.Exists(id) ? (await history.ReadIdsAsync(view, [id]))[0] : null;

    private static async Task<MessageRole?> RoleOfAsync(ChatHistory history, ChatroomView view, int id) =>
        (await ReadAsync(history, view, id))?.Role;

    private static (TurnPlan?, ChatTurnResult?) Refused(ChatTurnStatus status, string detail) => (null, new ChatTurnResult(status, Detail: detail));
}
