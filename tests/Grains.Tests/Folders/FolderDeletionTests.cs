using GeminiClone.Grains.Folders;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Folders;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Tests.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace GeminiClone.Grains.Tests.Folders;

/// <summary>
/// Deleting a folder removes it first and then tells its chatrooms; a deletion cut short in between (a silo lost)
/// must lose nothing and show nothing stale: a chatroom naming a folder that no longer exists is in no folder.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FolderDeletionTests(ClusterFixture fixture)
{
    private IServiceProvider Services => ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services;

    private IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Folders);

    [Fact]
    public async Task A_deletion_cut_short_after_the_folder_went_leaves_its_chatrooms_whole_and_in_no_folder()
    {
        var user = await fixture.NewUserAsync();
        var ownerId = user.GetPrimaryKeyString();
        var folders = fixture.Grains.GetGrain<IUserFoldersGrain>(ownerId);
        var kept = (await folders.CreateAsync("kept"))!;
        var doomed = (await folders.CreateAsync("doomed"))!;
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.CreateVersion7().ToString());
        await chatroom.CreateAsync(ownerId, new ChatroomChange(Title: "filed"));
        Assert.Equal(doomed.Id, (await chatroom.ChangeAsync(ownerId, new ChatroomChange { FolderId = doomed.Id, Pinned = true })).Chatroom!.FolderId);

        // Only the deletion's first step: the folder leaves storage, and no chatroom is ever told.
        var stored = new GrainState<UserFoldersState>(new UserFoldersState());
        await Storage.ReadStateAsync("folders", folders.GetGrainId(), stored);
        Assert.True(stored.State!.Folders.Remove(doomed.Id));
        await Storage.WriteStateAsync("folders", folders.GetGrainId(), stored);
        await fixture.DeactivateAllAsync();

        var page = await chatroom.GetPageAsync(ownerId, null, 10);
        var list = await user.ListChatroomsAsync(new ChatroomListQuery());
        var filtered = await user.ListChatroomsAsync(new ChatroomListQuery(FolderId: doomed.Id));

        Assert.Equal(("filed", true, (string?)null), (page!.Chatroom.Title, page.Chatroom.Pinned, page.Chatroom.FolderId));
        var listed = Assert.Single(list.Chatrooms);
        Assert.Equal((true, (string?)null), (listed.Pinned, listed.FolderId));
        Assert.Equal(ChatroomListStatus.FolderNotFound, filtered.Status);
        Assert.Equal([("kept", 0)], (await folders.ListAsync()).Select(f => (f.Folder.Name, f.ChatroomCount)));
        var refiled = await chatroom.ChangeAsync(ownerId, new ChatroomChange { FolderId = kept.Id });
        Assert.Equal(kept.Id, refiled.Chatroom!.FolderId);
        Assert.Equal([("kept", 1)], (await folders.ListAsync()).Select(f => (f.Folder.Name, f.ChatroomCount)));
    }

    [Fact]
    public async Task Moving_a_chatroom_into_another_users_folder_is_refused_as_not_found()
    {
        var owner = await fixture.NewUserAsync();
        var stranger = await fixture.NewUserAsync();
        var theirs = (await fixture.Grains.GetGrain<IUserFoldersGrain>(stranger.GetPrimaryKeyString()).CreateAsync("theirs"))!;
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.CreateVersion7().ToString());
        await chatroom.CreateAsync(owner.GetPrimaryKeyString(), new ChatroomChange(Title: "mine"));

        var result = await chatroom.ChangeAsync(owner.GetPrimaryKeyString(), new ChatroomChange { FolderId = theirs.Id });

        Assert.Equal((ChatroomChangeStatus.FolderNotFound, "folderId"), (result.Status, result.Field));
        Assert.Null((await chatroom.GetPageAsync(owner.GetPrimaryKeyString(), null, 1))!.Chatroom.FolderId);
    }
}
