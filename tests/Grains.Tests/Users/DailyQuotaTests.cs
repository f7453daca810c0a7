using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GeminiClone.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class DailyQuotaTests(ClusterFixture fixture)
{
    private static FakeTimeProvider Clock => ClusterFixture.Clock;

    [Fact]
    public async Task Held_slots_count_against_the_limit_until_released()
    {
        var user = await fixture.NewUserAsync();

        var held = new List<SlotReservation>();
        for (var i = 0; i < 6; i++)
        {
            held.Add(await user.ReserveTurnSlotAsync(caller: null));
        }

        Assert.Equal(5, held.Count(h => h.Granted));
        Assert.False(held[5].Granted);
        var afterRelease = await user.ReleaseMessageSlotAsync(held[0].ReservationId);
        Assert.Equal(4, afterRelease.Used);
        Assert.True((await user.ReserveTurnSlotAsync(caller: null)).Granted);
    }

    [Fact]
    public async Task Committed_messages_reset_at_the_next_utc_midnight()
    {
        var user = await fixture.NewUserAsync();
        for (var i = 0; i < 5; i++)
        {
            var slot = await user.ReserveTurnSlotAsync(caller: null);
            await user.CompleteMessageAsync(slot.ReservationId, new ChatroomSummary("none", "none", Clock.GetUtcNow()), usage: null);
        }

        var full = await user.GetSubscriptionStatusAsync();
        var refused = await user.ReserveTurnSlotAsync(caller: null);
        Clock.Advance(full.Quota.ResetsAt - Clock.GetUtcNow());
        var nextDay = await user.ReserveTurnSlotAsync(caller: null);

        Assert.Equal(5, full.Quota.Used);
        Assert.Equal(0, full.Quota.Remaining);
        Assert.Equal(TimeSpan.Zero, full.Quota.ResetsAt.TimeOfDay);
        Assert.False(refused.Granted);
        Assert.True(nextDay.Granted);
        Assert.Equal(1, nextDay.Quota.Used);
    }

    [Fact]
    public async Task A_slot_held_by_a_turn_that_never_finished_lapses()
    {
        var user = await fixture.NewUserAsync();
        for (var i = 0; i < 5; i++)
        {
            await user.ReserveTurnSlotAsync(caller: null);
        }

        Assert.False((await user.ReserveTurnSlotAsync(caller: null)).Granted);
        Clock.Advance(TimeSpan.FromMinutes(4));

        Assert.True((await user.ReserveTurnSlotAsync(caller: null)).Granted);
    }

    [Fact]
    public async Task Usage_survives_deactivation()
    {
        var user = await fixture.NewUserAsync();
        var slot = await user.ReserveTurnSlotAsync(caller: null);
        await user.CompleteMessageAsync(slot.ReservationId, new ChatroomSummary("none", "none", Clock.GetUtcNow()), usage: null);

        await fixture.DeactivateAllAsync();

        Assert.Equal(1, (await user.GetSubscriptionStatusAsync()).Quota.Used);
        Assert.Equal(UserTier.Basic, (await user.GetSubscriptionStatusAsync()).Tier);
    }
}
