using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Users;

/// <summary>What each plan allows a user, from the settings that say so: messages, images and attachment bytes a day, file size, chatrooms.</summary>
public sealed class PlanLimits(IOptions<QuotaOptions> quota, IOptions<ChatroomOptions> chatrooms, IOptions<AttachmentOptions> attachments)
{
    /// <summary>Null means unlimited.</summary>
    public int? MessagesPerDay(UserTier tier) => quota.Value.LimitFor(tier);

    public int ImagesPerDay(UserTier tier) => quota.Value.ImagesFor(tier);

    public long UploadBytesPerDay(UserTier tier) => attachments.Value.DailyBytesFor(tier);

    public long MaxFileBytes(UserTier tier) => attachments.Value.MaxBytesFor(tier);

    public int MaxChatrooms => chatrooms.Value.MaxChatroomsPerUser;
}
