using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

using static GeminiClone.Grains.Tests.Usage.UsageCluster;

namespace GeminiClone.Grains.Tests.Usage;

/// <summary>
/// A silo's tally of the service-wide day figures (<see cref="UsageDayTally"/>): turns reach their day summed, and an
/// erased user's last turns never come back after the erasure (here at the tally's own pace; with what the stop's call
/// carried, in <see cref="UsageDayTallyStopTests"/>).
/// </summary>
[Collection(UsageCollection.Name)]
public sealed class UsageDayTallyTests(UsageCluster cluster)
{
    [Fact]
    public async Task A_silos_turns_reach_their_day_summed_by_user()
    {
        var (usage, other) = (cluster.NewUser(), cluster.NewUser());
        var key = UsageDays.Key(UsageDays.DayOf(Clock.GetUtcNow()));

        foreach (var i in Enumerable.Range(1, 5))
        {
            await usage.RecordTurnAsync(Turn($"turn-{i}", 100, 10));
        }

        await other.RecordTurnAsync(Turn("other", 7, 0));
        var day = cluster.Grains.GetGrain<IUsageDayGrain>(key);
        await Eventually.HoldsAsync(async () => (await day.GetAsync()).Users.Count(u => u.UserId == Id(other) || (u.UserId == Id(usage) && u.Turns == 5)) == 2);

        var users = (await day.GetAsync()).Users.Where(u => u.UserId == Id(usage) || u.UserId == Id(other)).OrderBy(u => u.Turns);
        Assert.Equal([(Id(other), CostOf(7, 0), 1), (Id(usage), 5 * CostOf(100, 10), 5)], users.Select(u => (u.UserId, u.Cost, u.Turns)));
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

/// <summary>
/// What a silo's tally sends, seen in the calls its day's grain receives: a cluster of its own, on a day no other test
/// uses, forwarding ten minutes apart, so that within the test only the silo's stop forwards.
/// </summary>
public sealed class UsageDayTallyStopTests : ITestClock
{
    private const string Flash = "gemini-flash-test";
    private const string Pro = "gemini-pro-test";

    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 3, 3, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_stopping_silo_sends_its_days_turns_in_one_call_summed_by_user_and_model_without_the_erased()
    {
        var key = UsageDays.Key(UsageDays.DayOf(Clock.GetUtcNow()));
        GrainCalls.Recorder.KeepArgumentsOf(nameof(IUsageDayGrain.AddManyAsync), key);
        var cluster = await TestClusters.DeployAsync<UsageDayTallyStopTests>(Settings);
        var (heavy, light, erased) = (NewUser(cluster), NewUser(cluster), NewUser(cluster));
        try
        {
            await RecordAsync(heavy, Flash, Flash, Flash, Pro);
            await RecordAsync(light, Flash, Flash);
            await RecordAsync(erased, Pro);
            await erased.EraseAsync();
            Assert.Equal((0, 0), (GrainCalls.Recorder.Count(nameof(IUsageDayGrain.AddManyAsync), key), GrainCalls.Recorder.Count(nameof(IUsageDayGrain.AddAsync), key)));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        var sent = Assert.Single(GrainCalls.Recorder.Arguments(nameof(IUsageDayGrain.AddManyAsync), key));
        var lines = Assert.IsAssignableFrom<IReadOnlyList<UsageDayEntry>>(sent);
        Assert.Equal(
            [(Id(heavy), Flash, 3), (Id(heavy), Pro, 1), (Id(light), Flash, 2)],
            lines.Select(line => (line.UserId, line.Model, line.Figures.Turns)).OrderBy(line => line.UserId == Id(heavy) ? 0 : 1).ThenBy(line => line.Model));
        Assert.Equal(0, GrainCalls.Recorder.Count(nameof(IUsageDayGrain.AddAsync), key));
    }

    /// <summary>A forward ten minutes apart: within a test, only a stop sends the tally.</summary>
    internal static Dictionary<string, string?> Settings => new() { ["Usage:ServiceForwardInterval"] = "00:10:00" };

    internal static IUserUsageGrain NewUser(TestCluster cluster) => cluster.GrainFactory.GetGrain<IUserUsageGrain>(Guid.NewGuid().ToString("N"));

    private static string Id(IUserUsageGrain usage) => usage.GetPrimaryKeyString();

    private static async Task RecordAsync(IUserUsageGrain usage, params string[] models)
    {
        foreach (var model in models)
        {
            Assert.True(await usage.RecordTurnAsync(new TurnUsage(Guid.NewGuid().ToString("N"), Clock.GetUtcNow(), model, ChatTurnStatus.Replied)));
        }
    }
}

/// <summary>A silo between its tally's stop and its grains' end: a cluster of its own, on another day no other test uses.</summary>
public sealed class UsageDayTallyStoppedTests : ITestClock
{
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 3, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Once_its_tally_went_at_the_stop_a_silo_sends_each_later_turn_by_itself()
    {
        var key = UsageDays.Key(UsageDays.DayOf(Clock.GetUtcNow()));
        var cluster = await TestClusters.DeployAsync<UsageDayTallyStoppedTests>(UsageDayTallyStopTests.Settings);
        try
        {
            var usage = UsageDayTallyStopTests.NewUser(cluster);
            Assert.True(await usage.RecordTurnAsync(new TurnUsage("held", Clock.GetUtcNow(), "gemini-test", ChatTurnStatus.Replied)));

            // What the silo's stop does first, while its grains still run and finish their turns.
            await ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredService<UsageDayTally>().StopAsync(CancellationToken.None);
            Assert.Equal((1, 0), (GrainCalls.Recorder.Count(nameof(IUsageDayGrain.AddManyAsync), key), GrainCalls.Recorder.Count(nameof(IUsageDayGrain.AddAsync), key)));
            Assert.True(await usage.RecordTurnAsync(new TurnUsage("later", Clock.GetUtcNow(), "gemini-test", ChatTurnStatus.Replied)));

            await Eventually.HoldsAsync(() => GrainCalls.Recorder.Count(nameof(IUsageDayGrain.AddAsync), key) == 1);
            var day = await cluster.GrainFactory.GetGrain<IUsageDayGrain>(key).GetAsync();
            Assert.Equal(2, Assert.Single(day.Users).Turns);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        Assert.Equal(1, GrainCalls.Recorder.Count(nameof(IUsageDayGrain.AddManyAsync), key));
    }
}
