using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Shares;
using GeminiClone.Grains.Shares;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// Share links: the chatroom takes the snapshot (what storage last accepted, read while a turn may be running, so
/// the turn is not in it and the owner does not wait for it) and hands it to its owner's list of links
/// (<see cref="IUserSharesGrain"/>), which stores it in the link's own grain. Nothing of the chatroom's own record
/// is written, which is what lets a share interleave with a turn. A deletion revokes the links first, before anything
/// of the chatroom goes, so a failed deletion never leaves a link to a conversation that is gone.
/// </summary>
public sealed partial class ChatroomGrain
{
    /// <summary>
    /// Set once this chatroom's deletion has begun revoking its links: a link made by a share call that interleaved
    /// with the deletion is revoked by that call itself.
    /// </summary>
    private bool _deleting;

    public async Task<ShareCreation> ShareAsync(string requesterId)
    {
        if (_deleting || OwnedBy(requesterId) is not { } view)
        {
            return new ShareCreation(ShareCreationStatus.NotFound, null);
        }

        if (view.Temporary)
        {
            // A temporary chat leaves no trace: no link may outlive it or show it.
            return new ShareCreation(ShareCreationStatus.NotShareable, null);
        }

        var limits = stores.ShareLimits;
        // The snapshot is the current path, root to leaf: what the owner sees, never the other branches.
        var path = view.Tree.CurrentPath();
        if (Tree.ConversationTree.LengthOf(path) > limits.MaxMessages)
        {
            return new ShareCreation(ShareCreationStatus.TooLarge, null);
        }

        var messages = await _history.ReadRunsAsync(view, path);
        var snapshot = ShareSnapshots.Of(view.Title, messages, view.Attachments, clock.GetUtcNow());
        if (ShareSnapshots.Characters(snapshot.Messages) > limits.MaxCharacters)
        {
            return new ShareCreation(ShareCreationStatus.TooLarge, null);
        }

        var share = new ShareEntry(ShareIds.New(), Id, snapshot.CreatedAt, snapshot.Messages.Length);
        var links = UserShares(view.OwnerId);
        if (await links.AddAsync(share, snapshot, limits.MaxPerChatroom) is not ShareCreationStatus.Created and var refused)
        {
            return new ShareCreation(refused, null);
        }

        if (_deleting || _history.Current is null)
        {
            // The deletion began while the link was being made, and may have revoked the links before this one existed.
            await links.RevokeAsync(Id, share.Id);
            return new ShareCreation(ShareCreationStatus.NotFound, null);
        }

        return new ShareCreation(ShareCreationStatus.Created, share);
    }

    public async Task<IReadOnlyList<ShareEntry>?> ListSharesAsync(string requesterId) =>
        OwnedBy(requesterId) is { } view ? await UserShares(view.OwnerId).ListAsync(Id) : null;

    public async Task<SharedCopy> CopyShareAsync(string ownerId, string shareId)
    {
        if (_history.Current is not null)
        {
            throw new InvalidOperationException($"Chatroom {Id} already exists.");
        }

        if (await GrainFactory.GetGrain<IShareGrain>(shareId).GetAsync() is not { } shared)
        {
            return new SharedCopy(SharedCopyStatus.ShareNotFound, null);
        }

        var (messages, files) = SharedCopies.Of(shared);
        var now = clock.GetUtcNow();
        var state = new ChatroomState
        {
            OwnerId = ownerId, Title = shared.Title, CreatedAt = now, UpdatedAt = now, Attachments = files.Count > 0 ? files : null,
        };
        // The owner's list is the gate, as for any new chatroom: a copy counts against the chatroom limit.
        if (!await Owner(ownerId).AddChatroomAsync(ChatroomView.Of(Id, state).ToSummary()))
        {
            return new SharedCopy(SharedCopyStatus.TooManyChatrooms, null);
        }

        try
        {
            await _history.CreateAsync(state, messages);
        }
        catch
        {
            await Owner(ownerId).RemoveChatroomAsync(Id);
            throw;
        }

        await ReferenceCopiedFilesAsync(files);
        await IndexCopyAsync();
        ScheduleRetentionBesideRequests();
        return new SharedCopy(SharedCopyStatus.Created, _history.Current!.ToDetails());
    }

    /// <summary>
    /// The copy's own references to its files' bytes, after its record (the attachment sweep drops references of
    /// chatrooms it cannot find). Bytes already gone with their chatroom are not referenced: the copy then names the
    /// file as unavailable, as any chatroom does. A failure undoes the copy: one without its references would lose
    /// its files when the original goes.
    /// </summary>
    private async Task ReferenceCopiedFilesAsync(IReadOnlyList<Attachment> files)
    {
        try
        {
            foreach (var file in files)
            {
                await using var content = await stores.Attachments.OpenReadAsync(file.Sha256);
                if (content is not null)
                {
                    // The bytes are read only if they went meanwhile; then they come from this stream, or fail whole.
                    await stores.Attachments.SaveAsync(file.Id, Id, file.Sha256, file.Size, content);
                }
            }
        }
        catch
        {
            await DeleteAsync(_history.Current!, updateOwnersList: true);
            throw;
        }
    }

    /// <summary>The copy is searchable at once; an index that fails now catches up with the chatroom's next turns.</summary>
    private async Task IndexCopyAsync()
    {
        try
        {
            await _search.RebuildAsync();
        }
        catch (Exception e)
        {
            LogCopyNotIndexed(e, Id);
        }
    }

    /// <summary>
    /// A deletion's first step: every link of the chatroom stops answering. When it fails the deletion stops here,
    /// with the chatroom whole and its links listed for the retry.
    /// </summary>
    private async Task RevokeSharesAsync(ChatroomView view)
    {
        _deleting = true;
        try
        {
            await UserShares(view.OwnerId).RevokeChatroomAsync(Id);
        }
        catch
        {
            _deleting = false;
            throw;
        }
    }

    private IUserSharesGrain UserShares(string ownerId) => GrainFactory.GetGrain<IUserSharesGrain>(ownerId);

    [LoggerMessage(LogLevel.Warning, "Chatroom {ChatroomId}, copied from a share link, could not be indexed for search yet")]
    private partial void LogCopyNotIndexed(Exception exception, string chatroomId);
}
