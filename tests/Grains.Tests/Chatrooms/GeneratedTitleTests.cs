using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Tests.Users;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>
/// How a chatroom stores a title the model made (its own non-reentrant call, which is what decides a race with a
/// rename): an automatic one only while the owner has chosen none, one the owner asked for over anything.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GeneratedTitleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_automatic_title_is_stored_over_the_default_and_reaches_the_owners_list()
    {
        var (owner, chatroom) = await UntitledChatroomAsync();

        var stored = await chatroom.StoreGeneratedTitleAsync(new GeneratedTitle("Made by the model", 1, Asked: false));
        var state = await chatroom.GetTitleStateAsync(owner.GetPrimaryKeyString());

        Assert.Equal("Made by the model", stored!.Title);
        Assert.Equal(new TitleState("Made by the model", Chosen: false, Generating: false), state);
        Assert.Equal("Made by the model", Assert.Single(await owner.GetChatroomsAsync()).Title);
    }

    [Fact]
    public async Task An_automatic_title_stored_after_a_rename_leaves_the_owners_title()
    {
        var (owner, chatroom) = await UntitledChatroomAsync();
        var ownerId = owner.GetPrimaryKeyString();

        await chatroom.ChangeAsync(ownerId, new ChatroomChange(Title: "Mine"));
        var stored = await chatroom.StoreGeneratedTitleAsync(new GeneratedTitle("Made by the model", 1, Asked: false));
        await fixture.DeactivateAllAsync();

        Assert.Equal("Mine", stored!.Title);
        Assert.Equal(new TitleState("Mine", Chosen: true, Generating: false), await chatroom.GetTitleStateAsync(ownerId));
        Assert.Equal("Mine", Assert.Single(await owner.GetChatroomsAsync()).Title);
    }

    [Fact]
    public async Task A_title_the_owner_asked_for_replaces_theirs_and_a_failed_one_changes_nothing()
    {
        var (owner, chatroom) = await UntitledChatroomAsync();
        var ownerId = owner.GetPrimaryKeyString();
        await chatroom.ChangeAsync(ownerId, new ChatroomChange(Title: "Mine"));

        var failed = await chatroom.StoreGeneratedTitleAsync(new GeneratedTitle(null, 2, Asked: false));
        var asked = await chatroom.StoreGeneratedTitleAsync(new GeneratedTitle("Asked for", 1, Asked: true));

        Assert.Equal("Mine", failed!.Title);
        Assert.Equal("Asked for", asked!.Title);
        Assert.Equal(new TitleState("Asked for", Chosen: false, Generating: false), await chatroom.GetTitleStateAsync(ownerId));
        Assert.Null(await chatroom.GetTitleStateAsync((await fixture.NewUserAsync()).GetPrimaryKeyString()));
    }

    private async Task<(IUserGrain Owner, IChatroomGrain Chatroom)> UntitledChatroomAsync()
    {
        var owner = await fixture.NewUserAsync();
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString());
        Assert.Equal(ChatroomChangeStatus.Changed, (await chatroom.CreateAsync(owner.GetPrimaryKeyString(), new ChatroomChange())).Status);
        Assert.False((await chatroom.GetTitleStateAsync(owner.GetPrimaryKeyString()))!.Chosen);
        return (owner, chatroom);
    }
}
