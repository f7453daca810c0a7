using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Shares;

/// <summary>
/// A user's share links, keyed by the user id: it creates and revokes them (one at a time, so a link is never
/// created behind a revocation of its chatroom's links), lists them for the chatroom, the export and the account's
/// deletion.
/// </summary>
[Alias("GeminiClone.Shares.IUserSharesGrain")]
public interface IUserSharesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Lists <paramref name="share"/> and then stores its snapshot in the share's grain; TooManyShares (and nothing
    /// stored) when its chatroom already has <paramref name="maxPerChatroom"/> links.
    /// </summary>
    [Alias("Add")]
    Task<ShareCreationStatus> AddAsync(ShareEntry share, SharedConversation conversation, int maxPerChatroom);

    /// <summary>The links of <paramref name="chatroomId"/> (null: all the user's), newest first.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<ShareEntry>> ListAsync(string? chatroomId);

    /// <summary>Revokes link <paramref name="shareId"/> of <paramref name="chatroomId"/>; false when the user has no such link.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync(string chatroomId, string shareId);

    /// <summary>Revokes every link of <paramref name="chatroomId"/> (it is being deleted).</summary>
    [Alias("RevokeChatroom")]
    Task RevokeChatroomAsync(string chatroomId);
}
