using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Usage;
using Microsoft.Extensions.Time.Testing;

using static GeminiClone.Grains.Tests.Usage.UsageCluster;

namespace GeminiClone.Grains.Tests.Usage;

/// <summary>
/// A silo's tally of the service-wide day figures (<see cref="UsageDayTally"/>): turns reach their day summed, in a
/// call per forward rather than per turn, and an erased user's last turns never come back after the erasure.
/// </summary>
[Collection(UsageCollection.Name)]
public sealed class UsageDayTallyTests(UsageCluster cluster)
{
    [Fact]
    public async Task A_silos_turns_reach_their_day_summed_by_user_and_model_without_a_call_per_turn()
    {
        var (usage, other) = (cluster.NewUser(), cluster.NewUser());
        var key = UsageDays.Key(UsageDays.DayOf(Clock.GetUtcNow()));
        var turnByTurn = GrainCalls.Recorder.Count(nameof(IUsageDayGrain.AddAsync), key);

        foreach (var i in Enumerable.Range(1, 5))
        {
            await usage.RecordTurnAsync(Turn($"turn-{i}", 100, 10));
        }

        await other.RecordTurnAsync(Turn("other", 7, 0));
        var day = cluster.Grains.GetGrain<IUsageDayGrain>(key);
        await Eventually.HoldsAsync(async () => (await day.GetAsync()).Users.Count(u => u.UserId == Id(other) || (u.UserId == Id(usage) && u.Turns == 5)) == 2);

        var users = (await day.GetAsync()).Users.Where(u => u.UserId == Id(usage) || u.UserId == Id(other)).OrderBy(u => u.Turns);
        Assert.Equal([(Id(other), CostOf(7, 0), 1), (Id(usage), 5 * CostOf(100, 10), 5)], users.Select(u => (u.UserId, u.Cost, u.Turns)));
        Assert.Equal(turnByTurn, GrainCalls.Recorder.Count(nameof(IUsageDayGrain.AddAsync), key));
    }

    [Fact]
    public async Task A_user_erased_before_the_silo_forwarded_their_last_turn_gets_no_line_back()
    {
        var (erased, witness) = (cluster.NewUser(), cluster.NewUser());
        var day = cluster.Grains.GetGrain<IUsageDayGrain>(UsageDays.Key(UsageDays.DayOf(Clock.GetUtcNow())));

        await erased.RecordTurnAsync(Turn("last", 10, 10));
        await erased.EraseAsync();
        await witness.RecordTurnAsync(Turn("after", 1, 1));

        // The witness's line comes in a forward after the erasure, so the erased user's last turn has been sent or dropped.
        await Eventually.HoldsAsync(async () => (await day.GetAsync()).Users.Any(u => u.UserId == Id(witness)));
        Assert.DoesNotContain((await day.GetAsync()).Users, u => u.UserId == Id(erased));
    }
}

/// <summary>A silo that stops forwards its tally first; a cluster of its own, on a day no other test uses.</summary>
public sealed class UsageDayTallyStopTests : ITestClock
{
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 3, 3, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_stopping_silo_forwards_what_its_tally_holds()
    {
        // A forward a minute apart: within the test, only the stop can send the tally.
        var cluster = await TestClusters.DeployAsync<UsageDayTallyStopTests>(new Dictionary<string, string?>
        {
            ["Usage:ServiceForwardInterval"] = "00:01:00",
        });
        var key = UsageDays.Key(UsageDays.DayOf(Clock.GetUtcNow()));
        try
        {
            var usage = cluster.GrainFactory.GetGrain<IUserUsageGrain>(Guid.NewGuid().ToString("N"));
            Assert.True(await usage.RecordTurnAsync(new TurnUsage("turn", Clock.GetUtcNow(), "gemini-test", ChatTurnStatus.Replied)));
            Assert.Equal(0, GrainCalls.Recorder.Count(nameof(IUsageDayGrain.AddManyAsync), key));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        Assert.Equal(1, GrainCalls.Recorder.Count(nameof(IUsageDayGrain.AddManyAsync), key));
    }
}
