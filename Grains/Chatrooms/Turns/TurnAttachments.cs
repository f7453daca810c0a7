using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>A sent question with the chatroom's attachments it names, or why it cannot be sent.</summary>
internal static class TurnAttachments
{
    public static (StoredMessage? Question, ChatTurnResult? Refusal) Question(
        ChatroomView view, ChatTurnRequest request, DateTimeOffset now, Func<string, bool>? modelReads, int maxAttachments)
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

        return (new StoredMessage(MessageRole.User, request.Text, now) { Attachments = attachments.Count > 0 ? [.. attachments] : null }, null);
    }
}
