using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// What a turn asks and where its answer goes: a send appends a new question; a regenerate asks the last question
/// again and an edit asks its new text, both replacing the last turn, whose messages become earlier versions.
/// </summary>
/// <param name="History">What Gemini sees before the question.</param>
/// <param name="FirstSequence">Where the question is (or will be) stored; the answer follows it.</param>
/// <param name="Replaced">The answer being replaced; null for a send.</param>
internal sealed record TurnPlan(IReadOnlyList<StoredMessage> History, StoredMessage Asked, int FirstSequence, StoredMessage? Replaced)
{
    /// <summary>
    /// The plan, or the refusal when the chatroom has no last turn to redo or the edit is not of it, or the message
    /// carries more than <paramref name="maxAttachments"/> attachments or one the model does not read.
    /// </summary>
    public static (TurnPlan? Plan, ChatTurnResult? Refusal) For(
        ChatroomView view, ChatTurnRequest request, DateTimeOffset now, Func<string, bool>? modelReads = null, int maxAttachments = int.MaxValue)
    {
        if (request.Kind == TurnKind.Send)
        {
            if (request.AttachmentIds is { Length: var count } && count > maxAttachments)
            {
                return (null, new ChatTurnResult(ChatTurnStatus.TooManyAttachments,
                    Detail: $"At most {maxAttachments} attachments go with one message ({count} were sent)."));
            }

            var attachments = new List<MessageAttachment>();
            foreach (var id in request.AttachmentIds ?? [])
            {
                if (view.Attachments.FirstOrDefault(a => a.Id == id) is not { } attachment)
                {
                    return (null, new ChatTurnResult(ChatTurnStatus.NotFound, Detail: $"Attachment {id} not found in this chatroom."));
                }

                if (modelReads?.Invoke(attachment.MediaType) == false)
                {
                    return (null, new ChatTurnResult(ChatTurnStatus.UnsupportedAttachment,
                        Detail: $"{attachment.Name}: this chatroom's model does not read {attachment.MediaType} files."));
                }

                attachments.Add(MessageAttachment.Of(attachment));
            }

            var asking = new StoredMessage(MessageRole.User, request.Text, now) { Attachments = attachments.Count > 0 ? [.. attachments] : null };
            return (new TurnPlan(view.Recent, asking, view.MessageCount, null), null);
        }

        // Every turn stores two messages, and the recent window always keeps the last turn, so both are at hand.
        var lastQuestion = view.MessageCount - 2;
        if (request.Kind == TurnKind.Edit && request.EditedSequence != lastQuestion)
        {
            return (null, request.EditedSequence < 0 || request.EditedSequence >= view.MessageCount
                ? new ChatTurnResult(ChatTurnStatus.NotFound, Detail: "This chatroom has no message at that position.")
                : new ChatTurnResult(ChatTurnStatus.NotLastQuestion,
                    Detail: "Only the last question can be edited: editing an earlier one would need branches, which are not supported yet."));
        }

        if (lastQuestion < 0)
        {
            return (null, new ChatTurnResult(ChatTurnStatus.NothingToRegenerate, Detail: "This chatroom has no answer to regenerate yet."));
        }

        var question = view.Recent[^2];
        var asked = request.Kind == TurnKind.Edit
            ? question.ReplacedBy(new StoredMessage(MessageRole.User, request.Text, now) { Attachments = question.Attachments })
            : question;
        return (new TurnPlan(view.Recent[..^2], asked, lastQuestion, view.Recent[^1]), null);
    }
}
