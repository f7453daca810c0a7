using GeminiClone.Grains.Interfaces.Shares;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Shares;

[GenerateSerializer, Alias("GeminiClone.Shares.UserSharesState")]
public sealed class UserSharesState
{
    /// <summary>The user's links, oldest first.</summary>
    [Id(0)] public List<ShareEntry> Shares { get; set; } = [];
}

/// <summary>
/// A user's share links. Every link is listed here before its snapshot is stored and unlisted only after it is
/// revoked, so no link answers that its owner cannot see and revoke, and deleting a chatroom or the account (which
/// revokes through here) leaves none behind. Calls run one at a time, so a link being created and its chatroom's
/// links being revoked never overlap.
/// </summary>
public sealed class UserSharesGrain(
    [PersistentState("userShares", StorageNames.Shares)] IPersistentState<UserSharesState> shares)
    : Grain, IUserSharesGrain
{
    private List<ShareEntry> Listed => shares.State.Shares;

    public async Task<ShareCreationStatus> AddAsync(ShareEntry share, SharedConversation conversation, int maxPerChatroom)
    {
        if (Listed.Count(s => s.ChatroomId == share.ChatroomId) >= maxPerChatroom)
        {
            return ShareCreationStatus.TooManyShares;
        }

        Listed.Add(share);
        try
        {
            await shares.WriteStateAsync();
        }
        catch
        {
            Listed.Remove(share);
            throw;
        }

        try
        {
            await Share(share.Id).CreateAsync(share.ChatroomId, conversation);
        }
        catch
        {
            // The snapshot may have been stored all the same (a lost acknowledgement): it is unlisted only once it is
            // surely gone; otherwise it stays listed, for its owner (or its chatroom's deletion) to revoke.
            await Share(share.Id).RevokeAsync();
            await UnlistAsync([share]);
            throw;
        }

        return ShareCreationStatus.Created;
    }

    public Task<IReadOnlyList<ShareEntry>> ListAsync(string? chatroomId) => Task.FromResult<IReadOnlyList<ShareEntry>>(
        [.. Listed.Where(s => chatroomId is null || s.ChatroomId == chatroomId).OrderByDescending(s => s.CreatedAt)]);

    public async Task<bool> RevokeAsync(string chatroomId, string shareId)
    {
        if (Listed.FirstOrDefault(s => s.Id == shareId && s.ChatroomId == chatroomId) is not { } share)
        {
            return false;
        }

        // Dead first, unlisted second: a failure in between leaves a listed, dead link its owner can revoke again.
        await Share(shareId).RevokeAsync();
        await UnlistAsync([share]);
        return true;
    }

    public async Task RevokeChatroomAsync(string chatroomId)
    {
        var revoked = Listed.Where(s => s.ChatroomId == chatroomId).ToList();
        if (revoked.Count == 0)
        {
            return;
        }

        await Task.WhenAll(revoked.Select(s => Share(s.Id).RevokeAsync()));
        await UnlistAsync(revoked);
    }

    private async Task UnlistAsync(IReadOnlyList<ShareEntry> gone)
    {
        Listed.RemoveAll(gone.Contains);
        if (Listed.Count > 0)
        {
            await shares.WriteStateAsync();
            return;
        }

        await shares.ClearStateAsync();
        shares.State = new UserSharesState();
        DeactivateOnIdle();
    }

    private IShareGrain Share(string shareId) => GrainFactory.GetGrain<IShareGrain>(shareId);
}
