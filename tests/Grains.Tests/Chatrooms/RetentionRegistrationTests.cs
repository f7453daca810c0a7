using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>
/// A chatroom registers and removes its retention reminder beside its requests. Orleans' reminder service loads its
/// table in the background after a silo starts (longer when PostgreSQL is slow or away), and until it has loaded it
/// holds every registration 20 s and then fails it; once loaded, each registration and removal waits on the table. A
/// creation or a deletion that did this in its own turn waited with it. Here the test holds the table's calls.
/// </summary>
public sealed class RetentionRegistrationTests(RetentionRegistrationTests.LoadingCluster cluster)
    : IClassFixture<RetentionRegistrationTests.LoadingCluster>
{
    [Fact]
    public async Task A_chatroom_is_created_and_used_while_the_reminder_service_loads_and_registers_its_reminder_once_it_has()
    {
        var ownerId = await cluster.Silo.NewUserIdAsync();
        var chatroom = cluster.Silo.NewChatroom();

        var created = await IReminderTableHolds.NotHeldAsync(chatroom.CreateAsync(ownerId, new ChatroomChange(Title: "quince plans")));
        Assert.Equal(ChatroomChangeStatus.Changed, created.Status);
        var renamed = await IReminderTableHolds.NotHeldAsync(chatroom.ChangeAsync(ownerId, new ChatroomChange(Title: "quince plans, renamed")));
        Assert.Equal(ChatroomChangeStatus.Changed, renamed.Status);
        Assert.False(LoadingCluster.TableLoad.Task.IsCompleted);
        Assert.Null(await cluster.Silo.RetentionReminderOf(chatroom));

        LoadingCluster.TableLoad.TrySetResult();
        await Eventually.HoldsAsync(async () => await cluster.Silo.RetentionReminderOf(chatroom) is not null, TimeSpan.FromSeconds(30));
        Assert.Equal("quince plans, renamed", (await chatroom.GetPageAsync(ownerId, null, 10))!.Chatroom.Title);

        // The reminder registered late does its work: the chatroom expires after the retention period, and the
        // reminder goes with it (removed beside the deleted chatroom's requests, so just after its deletion shows).
        LoadingCluster.Clock.Advance(TimeSpan.FromDays(31));
        await Eventually.HoldsAsync(async () => await chatroom.GetPageAsync(ownerId, null, 10) is null, TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(async () => await cluster.Silo.RetentionReminderOf(chatroom) is null, TimeSpan.FromSeconds(20));
    }

    /// <summary>Its reminder service's load held until the test lets it through; a one-second check period.</summary>
    public sealed class LoadingCluster : IAsyncLifetime, ITestClock, IReminderTableHolds
    {
        public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

        public static TaskCompletionSource TableLoad { get; } = IReminderTableHolds.Held();

        public static TaskCompletionSource RowsHeld { get; } = IReminderTableHolds.Released();

        public RetentionSilo<LoadingCluster> Silo { get; } = new(checkPeriod: "00:00:01");

        public Task InitializeAsync() => Silo.StartAsync();

        public Task DisposeAsync() => Silo.DisposeAsync().AsTask();
    }
}
