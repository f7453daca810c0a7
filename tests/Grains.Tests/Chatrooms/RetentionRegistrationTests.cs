using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>
/// A chatroom registers its retention reminder beside its requests. Orleans' reminder service loads its table in the
/// background after a silo starts (longer when PostgreSQL is slow or away), and until it has loaded it holds every
/// registration 20 s and then fails it: a creation that registered in its own turn waited those 20 s. Here the table's
/// load is held until the test lets it through.
/// </summary>
public sealed class RetentionRegistrationTests(RetentionRegistrationTests.LoadingReminderCluster cluster)
    : IClassFixture<RetentionRegistrationTests.LoadingReminderCluster>
{
    [Fact]
    public async Task A_chatroom_is_created_and_used_while_the_reminder_service_loads_and_registers_its_reminder_once_it_has()
    {
        var ownerId = await cluster.NewUserIdAsync();
        var chatroom = cluster.GrainFactory.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString("N"));

        var created = await NotHeldAsync(chatroom.CreateAsync(ownerId, new ChatroomChange(Title: "quince plans")));
        Assert.Equal(ChatroomChangeStatus.Changed, created.Status);
        var renamed = await NotHeldAsync(chatroom.ChangeAsync(ownerId, new ChatroomChange(Title: "quince plans, renamed")));
        Assert.Equal(ChatroomChangeStatus.Changed, renamed.Status);
        Assert.False(LoadingReminderCluster.TableLoad.Task.IsCompleted);
        Assert.Null(await cluster.RetentionReminderOf(chatroom));

        LoadingReminderCluster.TableLoad.TrySetResult();
        await Eventually.HoldsAsync(async () => await cluster.RetentionReminderOf(chatroom) is not null, TimeSpan.FromSeconds(30));
        Assert.Equal("quince plans, renamed", (await chatroom.GetPageAsync(ownerId, null, 10))!.Chatroom.Title);

        // The reminder registered late does its work: the chatroom expires after the retention period.
        LoadingReminderCluster.Clock.Advance(TimeSpan.FromDays(31));
        await Eventually.HoldsAsync(async () => await chatroom.GetPageAsync(ownerId, null, 10) is null, TimeSpan.FromSeconds(20));
        Assert.Null(await cluster.RetentionReminderOf(chatroom));
    }

    /// <summary>Half of what Orleans holds a registration: a call that waited on one cannot return within this.</summary>
    private static async Task<T> NotHeldAsync<T>(Task<T> call)
    {
        Assert.Same(call, await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10))));
        return await call;
    }

    public sealed class LoadingReminderCluster : IAsyncLifetime, ITestClock
    {
        public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

        /// <summary>Completed by the test: until then the reminder service's initial load of its table waits.</summary>
        public static TaskCompletionSource TableLoad { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private TestCluster _cluster = null!;

        public IGrainFactory GrainFactory => _cluster.GrainFactory;

        public async Task InitializeAsync() =>
            _cluster = await TestClusters.DeployAsync<LoadingReminderCluster, HeldTableLoad>(new Dictionary<string, string?>
            {
                ["Chat:RetentionDays"] = "30",
                ["Chat:RetentionCheckPeriod"] = "00:00:01",
                ["Chat:RetentionSpread"] = "00:00:00",
            });

        public async Task DisposeAsync()
        {
            TableLoad.TrySetResult();
            await _cluster.DisposeAsync();
        }

        public async Task<string> NewUserIdAsync()
        {
            var result = await _cluster.GrainFactory.GetGrain<IMobileNumberGrain>(TestMobileNumbers.NextE164()).SignUpAsync("Test user", "correct horse");
            return result.User!.Id;
        }

        /// <summary>Read from the table itself: asking the reminder service would wait on its load.</summary>
        public Task<ReminderEntry?> RetentionReminderOf(IChatroomGrain chatroom) =>
            ((InProcessSiloHandle)_cluster.Primary!).SiloHost.Services.GetRequiredService<IReminderTable>()
                .ReadRow(chatroom.GetGrainId(), "retention");
    }

    /// <summary>The in-memory reminder table, its range reads (what the service's load reads) held by <see cref="LoadingReminderCluster.TableLoad"/>.</summary>
    private sealed class HeldTableLoad : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var loaded = silo.Services.Last(service => service.ServiceType == typeof(IReminderTable));
            silo.Services.Remove(loaded);
            silo.Services.AddSingleton<IReminderTable>(provider => new HeldReminderTable((IReminderTable)loaded.ImplementationFactory!(provider)));
        }
    }

    private sealed class HeldReminderTable(IReminderTable inner) : IReminderTable
    {
        public async Task<ReminderTableData> ReadRows(uint begin, uint end)
        {
            await LoadingReminderCluster.TableLoad.Task;
            return await inner.ReadRows(begin, end);
        }

        public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => inner.ReadRow(grainId, reminderName);

        public Task<string?> UpsertRow(ReminderEntry entry) => inner.UpsertRow(entry);

        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => inner.RemoveRow(grainId, reminderName, eTag);

        public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);
    }
}
