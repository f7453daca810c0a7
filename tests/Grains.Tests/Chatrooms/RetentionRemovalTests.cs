using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>A deleted chatroom's reminder is removed beside its requests (see <see cref="RetentionRegistrationTests"/>).</summary>
public sealed class RetentionRemovalTests(RetentionRemovalTests.HeldRowsCluster cluster) : IClassFixture<RetentionRemovalTests.HeldRowsCluster>
{
    [Fact]
    public async Task A_chatroom_is_deleted_while_the_reminder_table_does_not_answer_and_its_reminder_goes_once_it_does()
    {
        var ownerId = await cluster.Silo.NewUserIdAsync();
        var chatroom = cluster.Silo.NewChatroom();
        Assert.Equal(ChatroomChangeStatus.Changed, (await chatroom.CreateAsync(ownerId, new ChatroomChange(Title: "medlar plans"))).Status);
        await chatroom.ScheduleRetentionAsync(); // registered and recorded in the chatroom's own turn, so the deletion knows of it
        Assert.NotNull(await cluster.Silo.RetentionReminderOf(chatroom));

        HeldRowsCluster.RowsHeld = IReminderTableHolds.Held();
        Assert.True(await IReminderTableHolds.NotHeldAsync(chatroom.DeleteAsync(ownerId)));
        Assert.Null(await chatroom.GetPageAsync(ownerId, null, 10));
        Assert.NotNull(await cluster.Silo.RetentionReminderOf(chatroom));

        HeldRowsCluster.RowsHeld.TrySetResult();
        await Eventually.HoldsAsync(async () => await cluster.Silo.RetentionReminderOf(chatroom) is null, TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Its table's single rows held when the test says; a check period of an hour, so that no reminder of the test's
    /// wakes its chatroom (each wake-up writes the reminder's row again, in the chatroom's own turn) while they are held.
    /// </summary>
    public sealed class HeldRowsCluster : IAsyncLifetime, ITestClock, IReminderTableHolds
    {
        public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

        public static TaskCompletionSource TableLoad { get; } = IReminderTableHolds.Released();

        public static TaskCompletionSource RowsHeld { get; set; } = IReminderTableHolds.Released();

        public RetentionSilo<HeldRowsCluster> Silo { get; } = new(checkPeriod: "01:00:00");

        public Task InitializeAsync() => Silo.StartAsync();

        public Task DisposeAsync() => Silo.DisposeAsync().AsTask();
    }
}
