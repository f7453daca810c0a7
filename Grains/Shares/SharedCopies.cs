using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Shares;

namespace GeminiClone.Grains.Shares;

/// <summary>
/// A shared conversation made into someone's own chatroom: the same messages, and each file under a new id, since
/// an attachment is one reference to its bytes in the store and the copy needs references of its own (so the bytes
/// stay while the copy shows them, whatever becomes of the original).
/// </summary>
internal static class SharedCopies
{
    /// <summary>What a copied file says in place of the turn that sent it: it came with the conversation, and is never pending.</summary>
    public const string CopiedWithConversation = "copied";

    public static (List<StoredMessage> Messages, List<Attachment> Files) Of(SharedConversation shared)
    {
        var renamed = shared.Attachments.ToDictionary(a => a.Id, _ => Guid.CreateVersion7().ToString(), StringComparer.Ordinal);
        var files = shared.Attachments.Select(a => a with { Id = renamed[a.Id], UsedInTurn = CopiedWithConversation }).ToList();
        var messages = shared.Messages.Select(m => m with
        {
            Attachments = m.Attachments?.Select(a => renamed.TryGetValue(a.Id, out var id) ? a with { Id = id } : a).ToArray(),
            Images = m.Images?.Select(i => renamed.TryGetValue(i.AttachmentId, out var id) ? i with { AttachmentId = id } : i).ToArray(),
        }).ToList();
        return (messages, files);
    }
}
