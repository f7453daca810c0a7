using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Search;
using GeminiClone.Grains.Shares;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// The stores a chatroom writes besides its own state: the search index (its projection), the attachment store
/// (its files' bytes, with what the chatroom may keep there) and the limits of its share links' snapshots. One per
/// silo, shared by every chatroom.
/// </summary>
public sealed class ChatroomStores(
    IChatSearchIndex searchIndex, IAttachmentStore attachments, IOptions<AttachmentOptions> attachmentOptions, IOptions<ShareOptions> shareOptions)
{
    public IChatSearchIndex SearchIndex => searchIndex;

    public IAttachmentStore Attachments => attachments;

    public AttachmentOptions AttachmentLimits => attachmentOptions.Value;

    public ShareOptions ShareLimits => shareOptions.Value;
}
