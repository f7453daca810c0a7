using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Folders;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// Pins, archive, folders and the temporary flag. The chatroom owns them (its state); the owner's list is their
/// projection, sent whole with every change and turn. Which folders exist is the owner's folders grain's to say: a
/// chatroom naming a folder deleted since reads as in no folder.
/// </summary>
public sealed partial class ChatroomGrain
{
    public async Task LeaveFolderAsync(string ownerId, string folderId)
    {
        await _history.RefreshIfStaleAsync();
        if (OwnedBy(ownerId) is not { FolderId: var current } || current != folderId)
        {
            return;
        }

        _history.Live.FolderId = null;
        await _history.CommitAsync();
        await Owner(ownerId).UpdateChatroomAsync(_history.Current!.ToSummary());
    }

    /// <summary>
    /// Refuses a change of <see cref="ChatroomChange.Temporary"/> (chosen at creation only) and a folder that is not
    /// the owner's (missing, deleted, or another user's: they read alike).
    /// </summary>
    private async Task<ChatroomChangeResult?> CheckOrganisingAsync(string ownerId, ChatroomChange change)
    {
        if (change.Temporary is not null)
        {
            return new ChatroomChangeResult(ChatroomChangeStatus.Invalid, null, "temporary",
                "A chatroom is temporary or not from its creation; create a new chatroom to change that.");
        }

        return change.FolderId is { Length: > 0 } folder && !await Folders(ownerId).HasFolderAsync(folder)
            ? new ChatroomChangeResult(ChatroomChangeStatus.FolderNotFound, null, "folderId", "Folder not found.")
            : null;
    }

    /// <summary>The chatroom as its owner sees it: a folder deleted since it was put there is no folder.</summary>
    private async Task<ChatroomDetails> DetailsAsync(ChatroomView view)
    {
        var details = view.ToDetails();
        return view.FolderId is { } folder && !await Folders(view.OwnerId).HasFolderAsync(folder)
            ? details with { FolderId = null }
            : details;
    }

    private IUserFoldersGrain Folders(string ownerId) => GrainFactory.GetGrain<IUserFoldersGrain>(ownerId);
}
