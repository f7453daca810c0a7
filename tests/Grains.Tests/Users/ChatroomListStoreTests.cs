using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace GeminiClone.Grains.Tests.Users;

/// <summary>
/// The chatroom list lives beside the user's state, a row per chatroom: a turn writes its chatroom's row and the
/// user's small state. A user whose list an earlier release stored inside its state (b068c1a's grain storage, in
/// <c>Persistence/Stored</c>) keeps the list, which moves to the rows when the user's grain activates.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatroomListStoreTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset WrittenAt = new(2026, 12, 2, 9, 35, 0, TimeSpan.Zero);

    private IServiceProvider Services => ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services;

    private IChatroomListStore Rows => Services.GetRequiredService<IChatroomListStore>();

    private IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Users);

    [Fact]
    public async Task A_list_stored_inside_the_users_state_moves_to_its_rows_and_stays_with_its_later_changes()
    {
        var userId = Guid.CreateVersion7().ToString();
        var user = fixture.Grains.GetGrain<IUserGrain>(userId);
        var legacy = ReadLegacyUser();
        Assert.Equal(["room-1", "room-2"], legacy.Chatrooms.Keys.Order());
        await Storage.WriteStateAsync(StorageNames.UserState, user.GetGrainId(), new GrainState<UserState>(legacy));

        var listed = await user.GetChatroomsAsync();

        Assert.Equal(["room-1", "room-2"], listed.Select(c => c.Id).Order());
        Assert.Equal("Before folders", listed.Single(c => c.Id == "room-1").Title);
        Assert.Equal(["room-1", "room-2"], (await Rows.ReadAsync(userId)).Select(c => c.Id).Order());
        Assert.Empty((await ReadUserAsync(user)).Chatrooms);
        Assert.Equal(legacy.Name, (await ReadUserAsync(user)).Name);

        // A change after the move is the rows' own: a later activation does not bring the old list back.
        await user.UpdateChatroomAsync(listed.Single(c => c.Id == "room-1") with { Title = "Renamed", UpdatedAt = WrittenAt.AddDays(1) });
        await user.RemoveChatroomAsync("room-2");
        await fixture.DeactivateAllAsync();

        var again = await user.GetChatroomsAsync();
        Assert.Equal([("room-1", "Renamed")], again.Select(c => (c.Id, c.Title)));
        Assert.Equal(["room-1"], (await Rows.ReadAsync(userId)).Select(c => c.Id));
    }

    [Fact]
    public async Task A_turn_writes_its_chatrooms_row_and_the_quota_never_the_list_into_the_users_state()
    {
        var user = await fixture.NewUserAsync();
        var userId = user.GetPrimaryKeyString();
        var chatroom = new ChatroomSummary("room-" + Guid.NewGuid().ToString("N"), "New chat", WrittenAt);
        Assert.True(await user.AddChatroomAsync(chatroom));
        var slot = await user.ReserveTurnSlotAsync(caller: null);

        await user.CompleteMessageAsync(slot.ReservationId, chatroom with { Title = "Answered", UpdatedAt = WrittenAt.AddMinutes(1) }, usage: null);

        var stored = await ReadUserAsync(user);
        Assert.Empty(stored.Chatrooms);
        Assert.Equal(1, stored.MessagesUsedToday);
        Assert.Equal(chatroom with { Title = "Answered", UpdatedAt = WrittenAt.AddMinutes(1) }, Assert.Single(await Rows.ReadAsync(userId)));
        await fixture.DeactivateAllAsync();
        Assert.Equal("Answered", Assert.Single(await user.GetChatroomsAsync()).Title);
    }

    [Fact]
    public async Task A_turn_of_a_chatroom_removed_meanwhile_does_not_bring_its_row_back()
    {
        var user = await fixture.NewUserAsync();
        var chatroom = new ChatroomSummary("room-" + Guid.NewGuid().ToString("N"), "Gone soon", WrittenAt);
        Assert.True(await user.AddChatroomAsync(chatroom));
        var slot = await user.ReserveTurnSlotAsync(caller: null);
        await user.RemoveChatroomAsync(chatroom.Id);

        await user.CompleteMessageAsync(slot.ReservationId, chatroom with { UpdatedAt = WrittenAt.AddMinutes(1) }, usage: null);

        Assert.Empty(await Rows.ReadAsync(user.GetPrimaryKeyString()));
        Assert.Empty(await user.GetChatroomsAsync());
    }

    [Fact]
    public async Task A_listed_chatroom_that_no_longer_exists_is_404_to_delete_and_leaves_the_list()
    {
        var user = await fixture.NewUserAsync();
        var userId = user.GetPrimaryKeyString();
        // A stale entry: the chatroom's own state went, the list's row did not (an interrupted deletion).
        var gone = new ChatroomSummary(Guid.NewGuid().ToString("N"), "Gone", WrittenAt);
        Assert.True(await user.AddChatroomAsync(gone));

        var deleted = await fixture.Grains.GetGrain<IChatroomGrain>(gone.Id).DeleteAsync(userId);

        Assert.False(deleted);
        Assert.Empty(await user.GetChatroomsAsync());
        Assert.Empty(await Rows.ReadAsync(userId));
    }

    private UserState ReadLegacyUser() => Services.GetRequiredService<IGrainStorageSerializer>().Deserialize<UserState>(new BinaryData(
        Convert.FromBase64String(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Persistence", "Stored", "user-state-before-folders.b64")).Trim())))!;

    private async Task<UserState> ReadUserAsync(IUserGrain user)
    {
        var state = new GrainState<UserState>(new UserState());
        await Storage.ReadStateAsync(StorageNames.UserState, user.GetGrainId(), state);
        return state.State ?? new UserState();
    }
}
