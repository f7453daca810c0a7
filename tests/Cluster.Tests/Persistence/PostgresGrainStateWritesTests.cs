using GeminiClone.Cluster.Tests.Infrastructure;
using GeminiClone.Grains.Adapters.PostgreSql;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace GeminiClone.Cluster.Tests.Persistence;

/// <summary>
/// The batched grain state writes against Orleans' own ADO.NET provider on the same database: a state either one
/// writes the other reads and writes over, for every kind of grain key, and a stale version is refused alike. (The
/// silos read and clear through the provider and write through the batches, and silos of the earlier release write
/// through the provider only.)
/// </summary>
public sealed class PostgresGrainStateWritesTests : IAsyncLifetime
{
    private const string ServiceId = "writes-test";
    private const string StateName = "summary";

    private static readonly GrainType Grain = GrainType.Create("test-grain");

    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(ChatroomSummary).Assembly))
        .AddSingleton<OrleansJsonSerializer>()
        .AddSingleton<IGrainStorageSerializer, GrainStateSerializer>()
        .BuildServiceProvider();

    private string _database = "";
    private AdoNetGrainStorage _provider = null!;
    private PostgresWriteBatches _batches = null!;
    private PostgresGrainStateWrites _batched = null!;

    public static TheoryData<string> Keys => new()
    {
        "string:chatroom-0191",
        "integer:42",
        "integer-extended:42+day",
        "guid:6f9619ff-8b86-d011-b42d-00cf4fc964ff",
        "guid-extended:6f9619ff-8b86-d011-b42d-00cf4fc964ff+page-3",
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task A_state_the_batches_write_the_provider_reads_and_writes_over_and_back(string key)
    {
        var grainId = GrainIdOf(key);
        var written = new GrainState<ChatroomSummary>(Summary("first"));
        await _batched.WriteAsync(StateName, grainId, written);
        Assert.Equal(("1", true), (written.ETag, written.RecordExists));

        var read = new GrainState<ChatroomSummary>();
        await _provider.ReadStateAsync(StateName, grainId, read);
        Assert.Equal(("first", "1"), (read.State!.Title, read.ETag));

        read.State = Summary("second");
        await _provider.WriteStateAsync(StateName, grainId, read);
        written.State = Summary("third");
        written.ETag = read.ETag;
        await _batched.WriteAsync(StateName, grainId, written);

        var again = new GrainState<ChatroomSummary>();
        await _provider.ReadStateAsync(StateName, grainId, again);
        Assert.Equal(("third", "3"), (again.State!.Title, again.ETag));
        await using var source = NpgsqlDataSource.Create(_database);
        await using var connection = await source.OpenConnectionAsync();
        Assert.Equal(1, await connection.CountAsync("SELECT count(*) FROM grain_state"));
    }

    [Fact]
    public async Task A_stale_version_or_a_second_first_write_is_a_conflict_and_changes_nothing()
    {
        var grainId = GrainIdOf("string:chatroom-conflict");
        await _provider.WriteStateAsync(StateName, grainId, new GrainState<ChatroomSummary>(Summary("kept")));

        var stale = new GrainState<ChatroomSummary>(Summary("lost")) { ETag = "7" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _batched.WriteAsync(StateName, grainId, stale));
        var first = new GrainState<ChatroomSummary>(Summary("lost"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _batched.WriteAsync(StateName, grainId, first));

        var read = new GrainState<ChatroomSummary>();
        await _provider.ReadStateAsync(StateName, grainId, read);
        Assert.Equal(("kept", "1"), (read.State!.Title, read.ETag));
    }

    [Fact]
    public async Task Writes_in_one_batch_each_get_their_own_outcome_and_version()
    {
        // Grain i starts at version i, so a version handed to the wrong write shows.
        var grains = new List<(GrainId Id, GrainState<ChatroomSummary> State)>();
        for (var i = 1; i <= 6; i++)
        {
            var state = new GrainState<ChatroomSummary>(Summary($"room {i}"));
            for (var write = 0; write < i; write++)
            {
                await _batched.WriteAsync(StateName, GrainIdOf($"string:room-{i}"), state);
            }

            grains.Add((GrainIdOf($"string:room-{i}"), state));
        }

        await using var hold = await TableLock.HoldAsync(_database, "grain_state");
        var sent = Enumerable.Range(0, PostgresWriteBatches.MaxInFlight)
            .Select(i => _batched.WriteAsync(StateName, GrainIdOf($"string:sent-{i}"), new GrainState<ChatroomSummary>(Summary("sent"))))
            .ToList();
        await hold.WaitForWaitersAsync(PostgresWriteBatches.MaxInFlight);
        // Queued behind them, so they go as one batch: every third a stale version.
        var waiting = grains.Select((grain, i) =>
        {
            var state = new GrainState<ChatroomSummary>(Summary($"room {i + 1} again")) { ETag = i % 3 == 1 ? "99" : grain.State.ETag };
            return (State: state, Write: _batched.WriteAsync(StateName, grain.Id, state));
        }).ToList();
        await hold.ReleaseAsync();
        await Task.WhenAll(sent);

        for (var i = 0; i < waiting.Count; i++)
        {
            // Settled before it is read back: the batch may still be at the server.
            if (i % 3 == 1)
            {
                await Assert.ThrowsAsync<InconsistentStateException>(() => waiting[i].Write);
            }
            else
            {
                await waiting[i].Write;
                Assert.Equal($"{i + 2}", waiting[i].State.ETag);
            }

            var read = new GrainState<ChatroomSummary>();
            await _provider.ReadStateAsync(StateName, grains[i].Id, read);
            Assert.Equal(i % 3 == 1 ? ($"room {i + 1}", $"{i + 1}") : ($"room {i + 1} again", $"{i + 2}"), (read.State!.Title, read.ETag));
        }
    }

    public async Task InitializeAsync()
    {
        _database = await TestServers.CreateMigratedDatabaseAsync();
        var serializer = _services.GetRequiredService<IGrainStorageSerializer>();
        var cluster = Options.Create(new ClusterOptions { ServiceId = ServiceId });
        _provider = new AdoNetGrainStorage(
            _services.GetRequiredService<IActivatorProvider>(), NullLogger<AdoNetGrainStorage>.Instance,
            Options.Create(new AdoNetGrainStorageOptions { Invariant = "Npgsql", ConnectionString = _database, GrainStorageSerializer = serializer, DeleteStateOnClear = true }),
            cluster, "test");
        var lifecycle = new StartedLifecycle();
        _provider.Participate(lifecycle);
        await lifecycle.StartAsync();
        _batches = PostgresWriteBatches.Open(_database);
        _batched = new PostgresGrainStateWrites(_batches, serializer, cluster);
    }

    public async Task DisposeAsync()
    {
        await _batches.DisposeAsync();
        await _services.DisposeAsync();
    }

    private static ChatroomSummary Summary(string title) => new("room", title, DateTimeOffset.UnixEpoch);

    /// <summary>"kind:key", an extension after '+'.</summary>
    private static GrainId GrainIdOf(string key)
    {
        var (kind, value) = (key[..key.IndexOf(':')], key[(key.IndexOf(':') + 1)..]);
        var (primary, extension) = value.Split('+') is [var p, var e] ? (p, e) : (value, null);
        return kind switch
        {
            "string" => GrainId.Create(Grain, primary),
            "integer" or "integer-extended" => GrainId.Create(Grain, GrainIdKeyExtensions.CreateIntegerKey(long.Parse(primary), extension)),
            _ => GrainId.Create(Grain, GrainIdKeyExtensions.CreateGuidKey(Guid.Parse(primary), extension)),
        };
    }

    /// <summary>Runs what a provider subscribes to a silo's start (Orleans' provider reads its statements then).</summary>
    private sealed class StartedLifecycle : ISiloLifecycle, IDisposable
    {
        private readonly List<ILifecycleObserver> _observers = [];

        public int HighestCompletedStage => int.MaxValue;

        public int LowestStoppedStage => int.MaxValue;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            _observers.Add(observer);
            return this;
        }

        public Task StartAsync() => Task.WhenAll(_observers.Select(observer => observer.OnStart(CancellationToken.None)));

        public void Dispose()
        {
        }
    }
}
