using GeminiClone.Grains.Interfaces.Chatrooms;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Shares;

/// <summary>
/// One share link, keyed by its secret id: the truth of whether it answers. It holds the snapshot until it is
/// revoked, and nothing once it is, so every gateway answers from the one activation and a revoked link is gone at
/// once everywhere. Created and revoked only through its owner's <see cref="IUserSharesGrain"/>.
/// </summary>
[Alias("GeminiClone.Shares.IShareGrain")]
public interface IShareGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task CreateAsync(string chatroomId, SharedConversation conversation);

    /// <summary>The snapshot; null when there is no such share or it was revoked. Waits for a revocation in progress.</summary>
    [Alias("Get"), ReadOnly]
    Task<SharedConversation?> GetAsync();

    /// <summary>A file the snapshot shows; null for any other id, and for a revoked share.</summary>
    [Alias("GetAttachment"), ReadOnly]
    Task<Attachment?> GetAttachmentAsync(string attachmentId);

    /// <summary>Forgets the snapshot; revoking a share that is gone already changes nothing.</summary>
    [Alias("Revoke")]
    Task RevokeAsync();
}
