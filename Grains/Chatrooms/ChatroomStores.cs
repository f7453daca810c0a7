using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Search;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// The stores a chatroom writes besides its own state: the search index (its projection) and the attachment store
/// (its files' bytes, with what the chatroom may keep there). One per silo, shared by every chatroom.
/// </summary>
public sealed class ChatroomStores(IChatSearchIndex searchIndex, IAttachmentStore attachments, IOptions<AttachmentOptions> attachmentOptions)
{
    public IChatSearchIndex SearchIndex => searchIndex;

    public IAttachmentStore Attachments => attachments;

    public AttachmentOptions AttachmentLimits => attachmentOptions.Value;
}
