using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace GeminiClone.Grains.Tests.Usage;

/// <summary>
/// The usage tests' test cluster, whose clock they move (one clock, so the classes that use it run one after the
/// other), with a price for <see cref="Model"/>, a monthly cap for Basic, and the turns and clock moves they share.
/// </summary>
public sealed class UsageCluster : IAsyncLifetime, ITestClock
{
    public const string Model = "gemini-test";

    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 5, 10, 8, 0, 0, TimeSpan.Zero));

    private TestCluster _cluster = null!;

    public IGrainFactory Grains => _cluster.GrainFactory;

    /// <summary>What every storage provider of ours writes with (PostgreSQL's rows in production).</summary>
    public IGrainStorageSerializer StorageSerializer =>
        ((InProcessSiloHandle)_cluster.Primary!).SiloHost.Services.GetRequiredService<IGrainStorageSerializer>();

    /// <summary>What copies a grain's state or a call's arguments within a silo.</summary>
    public Orleans.Serialization.DeepCopier DeepCopier =>
        ((InProcessSiloHandle)_cluster.Primary!).SiloHost.Services.GetRequiredService<Orleans.Serialization.DeepCopier>();

    public async Task InitializeAsync() =>
        _cluster = await TestClusters.DeployAsync<UsageCluster>(new Dictionary<string, string?>
        {
            [$"Usage:Prices:{Model}:InputPerMillion"] = "1",
            [$"Usage:Prices:{Model}:OutputPerMillion"] = "2",
            ["Usage:MonthlyCap:Basic"] = "0.002",
            // The silo's tally reaches the days' grains within a tenth of a second, so tests that wait for it wait little.
            ["Usage:ServiceForwardInterval"] = "00:00:00.100",
        });

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    public IUserUsageGrain NewUser() => Grains.GetGrain<IUserUsageGrain>(Guid.NewGuid().ToString("N"));

    public IGrainStorage Storage =>
        ((InProcessSiloHandle)_cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Usage);

    /// <summary>One of the user's usage states as storage holds it (an empty one when there is none).</summary>
    public async Task<T> ReadAsync<T>(string stateName, IUserUsageGrain usage)
        where T : new()
    {
        var state = new GrainState<T>(new T());
        await Storage.ReadStateAsync(stateName, usage.GetGrainId(), state);
        return state.State ?? new T();
    }

    public Task DeactivateAllAsync() => ActivationCollection.DeactivateAllAsync(Grains);

    /// <summary>1 USD per million input tokens, 2 per million output: a turn of (in, out) costs (in + 2 out) / 1e6.</summary>
    public static decimal CostOf(long input, long output) => (input + 2 * output) / 1_000_000m;

    /// <summary>Moves the clock to the next 23:59:59 UTC (or leaves it there): that day.</summary>
    public static DateOnly MoveToTheLastSecondOfADay()
    {
        var now = Clock.GetUtcNow();
        Clock.Advance(new DateTimeOffset(now.Date, TimeSpan.Zero).AddDays(1) - now - TimeSpan.FromSeconds(1));
        return UsageDays.DayOf(Clock.GetUtcNow());
    }

    /// <summary>Moves the clock to 23:59:59 UTC on this month's last day: that day, and the midnight that follows.</summary>
    public static (DateOnly LastDay, DateTimeOffset NextMonth) MoveToTheLastSecondOfTheMonth()
    {
        var now = Clock.GetUtcNow();
        var nextMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        Clock.Advance(nextMonth - now - TimeSpan.FromSeconds(1));
        return (UsageDays.DayOf(Clock.GetUtcNow()), nextMonth);
    }

    public static TurnUsage Turn(string recordId, long input, long output) =>
        new(recordId, Clock.GetUtcNow(), Model, ChatTurnStatus.Replied) { Tokens = new TokenUsage(input, output, input + output) };

    public static Task<UsageReport> ReportAsync(IUserUsageGrain usage)
    {
        var today = UsageDays.DayOf(Clock.GetUtcNow());
        return usage.GetReportAsync(today.AddDays(1 - UsageDays.Kept), today, UserTier.Basic);
    }

    public static string Id(IUserUsageGrain usage) => usage.GetPrimaryKeyString();
}

[CollectionDefinition(Name)]
public sealed class UsageCollection : ICollectionFixture<UsageCluster>
{
    public const string Name = "usage";
}
