using GeminiClone.Grains.Adapters.InMemory;
using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace GeminiClone.Grains.Tests.Persistence;

/// <summary>The embedded default's grain storage keeps what a store promises: a copy, a version, refusals of stale writes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EmbeddedGrainStorageTests(ClusterFixture fixture)
{
    private const string StateName = "chatroom";

    private static readonly GrainId Room = GrainId.Create("chatroom", "embedded-storage-test");

    private readonly EmbeddedGrainStorage _storage = ActivatorUtilities.CreateInstance<EmbeddedGrainStorage>(
        ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services);

    [Fact]
    public async Task A_record_never_written_reads_as_a_new_state_without_a_version()
    {
        var read = await ReadAsync(Room);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotNull(read.State);
        Assert.Equal("", read.State!.Title);
    }

    [Fact]
    public async Task A_written_state_reads_back_as_a_copy_with_its_version()
    {
        var written = new GrainState<ChatroomState> { State = new ChatroomState { Title = "Trip planning", SealedPages = 2 } };
        await _storage.WriteStateAsync(StateName, Room, written);
        written.State!.Title = "changed in memory after the write";

        var read = await ReadAsync(Room);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(("Trip planning", 2), (read.State!.Title, read.State!.SealedPages));
        Assert.NotSame(written.State, read.State);
    }

    [Fact]
    public async Task A_write_from_a_stale_version_is_refused_and_the_newer_state_kept()
    {
        var room = GrainId.Create("chatroom", "stale-write");
        var first = await ReadAsync(room);
        var second = await ReadAsync(room);
        first.State!.Title = "first";
        await _storage.WriteStateAsync(StateName, room, first);

        second.State!.Title = "second, from what was read before the first write";
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, room, second));

        Assert.Equal("first", (await ReadAsync(room)).State!.Title);
    }

    [Fact]
    public async Task A_cleared_record_reads_as_new_refuses_its_old_version_and_takes_a_new_write()
    {
        var room = GrainId.Create("chatroom", "cleared");
        var state = new GrainState<ChatroomState> { State = new ChatroomState { Title = "to be deleted" } };
        await _storage.WriteStateAsync(StateName, room, state);
        var stale = await ReadAsync(room);

        await _storage.ClearStateAsync(StateName, room, state);
        var cleared = await ReadAsync(room);
        stale.State!.Title = "written from before the clear";

        Assert.False(cleared.RecordExists);
        Assert.Null(cleared.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, room, stale));
        cleared.State!.Title = "new";
        await _storage.WriteStateAsync(StateName, room, cleared);
        Assert.Equal("new", (await ReadAsync(room)).State!.Title);
    }

    [Fact]
    public async Task States_of_other_names_and_grains_are_separate()
    {
        var room = GrainId.Create("chatroom", "separate");
        await _storage.WriteStateAsync(StateName, room, new GrainState<ChatroomState> { State = new ChatroomState { Title = "mine" } });

        Assert.False((await ReadAsync(room, "another-state")).RecordExists);
        Assert.False((await ReadAsync(GrainId.Create("chatroom", "separate-2"))).RecordExists);
    }

    private async Task<GrainState<ChatroomState>> ReadAsync(GrainId grainId, string stateName = StateName)
    {
        var state = new GrainState<ChatroomState>();
        await _storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }
}
