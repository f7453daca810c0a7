using GeminiClone.Cluster.Tests.Infrastructure;
using GeminiClone.Grains.Adapters.InMemory;
using GeminiClone.Grains.Adapters.PostgreSql;
using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Storage;
using GeminiClone.Grains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;

namespace GeminiClone.Cluster.Tests.Users;

/// <summary>
/// What both chatroom list stores promise the user's grain, run against memory and against PostgreSQL (the real
/// migrations): a user's list is what was last written of each chatroom, the user's own and nobody else's.
/// </summary>
public abstract class ChatroomListStoreContract
{
    /// <summary>Ticks below a millisecond and an offset other than UTC, so a time kept to less than the tick shows.</summary>
    private static readonly DateTimeOffset At = new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.FromHours(5.5)).AddTicks(5_358_979);

    protected abstract Task<IChatroomListStore> StoreAsync();

    [Fact]
    public async Task Rows_come_back_whole_and_only_to_their_own_user()
    {
        var store = await StoreAsync();
        ChatroomSummary[] alice =
        [
            new ChatroomSummary("room-1", "Pinned in a folder", At) { Pinned = true, FolderId = "folder-7" },
            new ChatroomSummary("room-2", "Archived and temporary", At.AddTicks(1)) { Archived = true, Temporary = true },
        ];
        ChatroomSummary[] bob = [new ChatroomSummary("room-3", "Bob's", At.AddDays(-1))];

        await store.WriteAsync("alice", alice);
        await store.WriteAsync("bob", bob);

        AssertSame(alice, await store.ReadAsync("alice"));
        AssertSame(bob, await store.ReadAsync("bob"));
    }

    [Fact]
    public async Task A_second_write_of_a_chatroom_replaces_its_row()
    {
        var store = await StoreAsync();
        await store.WriteAsync("user", [new ChatroomSummary("room", "First title", At)]);
        var changed = new ChatroomSummary("room", "Second title", At.AddMinutes(3)) { Pinned = true, FolderId = "f" };

        await store.WriteAsync("user", [changed]);

        AssertSame([changed], await store.ReadAsync("user"));
    }

    [Fact]
    public async Task A_chatroom_given_twice_in_one_write_keeps_the_last()
    {
        var store = await StoreAsync();
        var last = new ChatroomSummary("room", "Last", At.AddSeconds(1)) { Archived = true };

        await store.WriteAsync("user", [new ChatroomSummary("room", "First", At), last]);

        AssertSame([last], await store.ReadAsync("user"));
    }

    [Fact]
    public async Task Several_written_at_once_all_come_back_beside_the_rows_already_there()
    {
        var store = await StoreAsync();
        var earlier = Summaries(2);
        await store.WriteAsync("user", earlier);
        var batch = Enumerable.Range(1, 5).Select(i => new ChatroomSummary($"room-{i:D4}", $"Batch {i}", At.AddHours(i))).ToArray();

        await store.WriteAsync("user", batch);

        // room-0000 was only in the first write; room-0001 was in both and has its second summary.
        AssertSame([earlier[0], .. batch], await store.ReadAsync("user"));
    }

    [Fact]
    public async Task Removing_a_chatroom_takes_out_its_row_only()
    {
        var store = await StoreAsync();
        var rows = Summaries(3);
        await store.WriteAsync("user", rows);
        await store.WriteAsync("other", [rows[1]]);

        await store.RemoveAsync("user", rows[1].Id);
        await store.RemoveAsync("user", "no-such-room");
        await store.RemoveAsync("nobody", rows[0].Id);

        AssertSame([rows[0], rows[2]], await store.ReadAsync("user"));
        AssertSame([rows[1]], await store.ReadAsync("other"));
    }

    [Fact]
    public async Task Removing_all_empties_one_users_list_and_leaves_the_others()
    {
        var store = await StoreAsync();
        var rows = Summaries(4);
        await store.WriteAsync("erased", rows);
        await store.WriteAsync("kept", rows[..2]);

        await store.RemoveAllAsync("erased");
        await store.RemoveAllAsync("nobody");

        Assert.Empty(await store.ReadAsync("erased"));
        AssertSame(rows[..2], await store.ReadAsync("kept"));
    }

    [Fact]
    public async Task An_unknown_user_has_an_empty_list()
    {
        var store = await StoreAsync();
        await store.WriteAsync("someone", Summaries(1));

        Assert.Empty(await store.ReadAsync("unknown"));
    }

    [Fact]
    public async Task Titles_in_any_script_and_a_full_list_come_back_whole()
    {
        var store = await StoreAsync();
        // The list's maximum (Chatrooms:MaxChatroomsPerUser), in one write.
        var rows = Summaries(1000);
        rows[0] = rows[0] with { Title = "Grüße, 東京 🚀 مرحبا — naïve e\u0301" };
        rows[999] = rows[999] with { Title = new string('ß', 200) };

        await store.WriteAsync("user", rows);

        AssertSame(rows, await store.ReadAsync("user"));
    }

    protected static ChatroomSummary[] Summaries(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ChatroomSummary($"room-{i:D4}", $"Chatroom {i}", At.AddMinutes(-i))
        {
            Pinned = i % 2 == 0, Archived = i % 3 == 0, FolderId = i % 4 == 0 ? $"folder-{i}" : null, Temporary = i % 5 == 0,
        })];

    /// <summary>
    /// The same summaries in any order (the store promises none). Record equality compares a time's instant only, so
    /// each time's ticks and offset are compared too.
    /// </summary>
    private static void AssertSame(IEnumerable<ChatroomSummary> expected, IReadOnlyList<ChatroomSummary> actual)
    {
        var wanted = expected.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var found = actual.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(wanted, found);
        Assert.Equal(wanted.Select(s => (s.UpdatedAt.Ticks, s.UpdatedAt.Offset)), found.Select(s => (s.UpdatedAt.Ticks, s.UpdatedAt.Offset)));
    }
}

public sealed class MemoryChatroomListStoreTests : ChatroomListStoreContract
{
    protected override Task<IChatroomListStore> StoreAsync() => Task.FromResult<IChatroomListStore>(new MemoryChatroomListStore());
}

/// <summary>On a fresh database of each test's own, in parallel with the other tests that start no process (ClusterCollection.cs).</summary>
public sealed class PostgresChatroomListStoreTests : ChatroomListStoreContract, IAsyncLifetime
{
    private readonly List<PostgresChatroomListStore> _stores = [];

    private readonly ServiceProvider _services =
        new ServiceCollection().AddSerializer(serializer => serializer.AddAssembly(typeof(ChatroomSummary).Assembly)).BuildServiceProvider();

    private readonly StorageOutageLog _outages = new(TimeProvider.System, NullLogger<StorageOutageLog>.Instance);

    protected override async Task<IChatroomListStore> StoreAsync() => Create(await TestServers.CreateMigratedDatabaseAsync());

    [Fact]
    public async Task An_outage_leaves_as_storage_unavailable_saying_nothing_landed()
    {
        // Nothing listens there: every connection is refused, so no write could have reached the store.
        var store = Create($"Host=127.0.0.1;Port={LoopbackPorts.Next()};Username=nobody;Database=none;Timeout=3;Pooling=false");

        var read = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ReadAsync("user"));
        var write = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.WriteAsync("user", Summaries(2)));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.RemoveAsync("user", "room-0000"));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.RemoveAllAsync("user"));

        Assert.False(read.MayHaveLanded);
        Assert.False(write.MayHaveLanded);
        Assert.True(_outages.IsDown);
        // An empty write has nothing to say to the store, so not even an outage stops it.
        await store.WriteAsync("user", []);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _services.DisposeAsync();
    }

    private PostgresChatroomListStore Create(string connectionString)
    {
        var store = new PostgresChatroomListStore(connectionString, _services.GetRequiredService<Serializer<ChatroomSummary>>(), _outages);
        _stores.Add(store);
        return store;
    }
}
