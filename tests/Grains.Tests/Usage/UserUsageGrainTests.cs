using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace GeminiClone.Grains.Tests.Usage;

/// <summary>
/// A user's usage record on a test cluster of its own, whose clock the tests move: counted once per record however
/// often it is sent, exact under concurrent records, 400 days kept, split at UTC midnight, summed by UTC month; each
/// turn writes today's figures only, the days before in a history written as each day closes.
/// </summary>
public sealed class UserUsageGrainTests(UserUsageGrainTests.UsageCluster cluster) : IClassFixture<UserUsageGrainTests.UsageCluster>
{
    private const string Model = "gemini-test";

    /// <summary>1 USD per million input tokens, 2 per million output: a turn of (in, out) costs (in + 2 out) / 1e6.</summary>
    private static decimal CostOf(long input, long output) => (input + 2 * output) / 1_000_000m;

    private static FakeTimeProvider Clock => UsageCluster.Clock;

    [Fact]
    public async Task A_record_sent_again_is_counted_once_and_concurrent_records_are_all_counted_exactly()
    {
        var usage = cluster.NewUser();
        var turns = Enumerable.Range(1, 40).Select(i => Turn($"turn-{i}", input: i, output: 2 * i)).ToList();

        // Each record three times, all at once: retries of the same call racing the first.
        var counted = await Task.WhenAll(turns.Concat(turns).Concat(turns).Select(usage.RecordTurnAsync));

        Assert.Equal(40, counted.Count(c => c));
        var totals = (await ReportAsync(usage)).Totals;
        Assert.Equal((40, 820L, 1640L), (totals.Turns, totals.InputTokens, totals.OutputTokens));
        Assert.Equal(CostOf(820, 1640), totals.Cost);
    }

    [Fact]
    public async Task Failed_and_stopped_turns_are_counted_by_outcome_and_answered_turns_with_their_tools_and_images()
    {
        var usage = cluster.NewUser();

        await usage.RecordTurnAsync(Turn("a", 10, 5) with { Images = 2, Tools = new ToolCalls(1, 3, 2) });
        await usage.RecordTurnAsync(Turn("b", 0, 0) with { Status = ChatTurnStatus.GeminiTimeout });
        await usage.RecordTurnAsync(Turn("c", 0, 0) with { Status = ChatTurnStatus.GeminiTimeout });
        await usage.RecordTurnAsync(Turn("d", 0, 0) with { Status = ChatTurnStatus.Stopped });
        await usage.RecordTurnAsync(Turn("e", 0, 0) with { Status = ChatTurnStatus.SpendingCapReached });

        var figures = (await ReportAsync(usage)).Totals;
        Assert.Equal((1, 1, 2, new ToolCalls(1, 3, 2)), (figures.Turns, figures.StoppedTurns, figures.Images, figures.Tools));
        Assert.Equal(
            new Dictionary<ChatTurnStatus, int> { [ChatTurnStatus.GeminiTimeout] = 2, [ChatTurnStatus.SpendingCapReached] = 1 },
            figures.FailedTurns);
    }

    [Fact]
    public async Task Days_older_than_the_400_that_end_today_are_dropped_when_the_record_is_next_written()
    {
        var usage = cluster.NewUser();
        var first = UsageDays.DayOf(Clock.GetUtcNow());
        await usage.RecordTurnAsync(Turn("first", 100, 0));

        Clock.Advance(TimeSpan.FromDays(UsageDays.Kept - 1));
        await usage.RecordTurnAsync(Turn("day 400", 1, 0));
        var stillKept = await usage.GetReportAsync(first, first, UserTier.Basic);
        Clock.Advance(TimeSpan.FromDays(1));
        var notYetWritten = await usage.GetReportAsync(first, first, UserTier.Basic);
        await usage.RecordTurnAsync(Turn("day 401", 1, 0));
        await cluster.DeactivateAllAsync();
        var dropped = await usage.GetReportAsync(first, UsageDays.DayOf(Clock.GetUtcNow()), UserTier.Basic);

        Assert.Equal(100, Assert.Single(stillKept.Days).Models.Single().Figures.InputTokens);
        Assert.Single(notYetWritten.Days);
        Assert.Equal([first.AddDays(399), first.AddDays(400)], dropped.Days.Select(d => d.Day));
    }

    [Fact]
    public async Task A_turn_belongs_to_the_utc_day_it_ended_on_and_the_cap_counts_the_utc_month()
    {
        var usage = cluster.NewUser();
        var (lastDay, nextMonth) = MoveToTheLastSecondOfTheMonth();

        await usage.RecordTurnAsync(Turn("before midnight", 1000, 0));
        var capBefore = (await usage.GetReportAsync(lastDay, lastDay, UserTier.Basic)).Spending;
        Clock.Advance(TimeSpan.FromSeconds(1));
        await usage.RecordTurnAsync(Turn("after midnight", 3000, 0));
        var report = await usage.GetReportAsync(lastDay, lastDay.AddDays(1), UserTier.Basic);

        Assert.Equal([(lastDay, 1000L), (lastDay.AddDays(1), 3000L)], report.Days.Select(d => (d.Day, d.Models.Single().Figures.InputTokens)));
        Assert.Equal(CostOf(1000, 0), await usage.GetMonthCostAsync(new DateOnly(lastDay.Year, lastDay.Month, 1)));
        Assert.Equal(CostOf(3000, 0), await usage.GetMonthCostAsync(UsageDays.DayOf(nextMonth)));
        Assert.Equal((CostOf(1000, 0), 0.002m, false, nextMonth), (capBefore.Spent, capBefore.Cap, capBefore.CapReached, capBefore.ResetsAt));
        Assert.Equal((CostOf(3000, 0), nextMonth.AddMonths(1)), (report.Spending.Spent, report.Spending.ResetsAt));
        Assert.True(report.Spending.CapReached);
    }

    [Fact]
    public async Task Each_record_feeds_its_days_service_wide_figures_which_a_range_groups_by_day_model_and_user()
    {
        var (heavy, light) = (cluster.NewUser(), cluster.NewUser());
        var today = UsageDays.DayOf(Clock.GetUtcNow());

        await heavy.RecordTurnAsync(Turn("h1", 5000, 1000));
        await heavy.RecordTurnAsync(Turn("h2", 5000, 1000) with { Model = "gemini-other" });
        await light.RecordTurnAsync(Turn("l1", 10, 0));
        var day = cluster.Grains.GetGrain<IUsageDayGrain>(UsageDays.Key(today));
        await Eventually.HoldsAsync(async () => (await day.GetAsync()).Users.Count(u => u.UserId == Id(heavy) || u.UserId == Id(light)) == 2);
        var service = await cluster.Grains.GetGrain<IServiceUsageGrain>(0).GetAsync(today.AddDays(-1), today, topUsers: 100);

        var users = service.TopUsers.Where(u => u.UserId == Id(heavy) || u.UserId == Id(light)).ToList();
        // gemini-other has no price: its turn counts, at no cost.
        Assert.Equal([(Id(heavy), CostOf(5000, 1000), 2), (Id(light), CostOf(10, 0), 1)], users.Select(u => (u.UserId, u.Cost, u.Turns)));
        Assert.Equal([today.AddDays(-1), today], service.Days.Select(d => d.Day));
        Assert.Contains(service.Models, m => m.Model == "gemini-other" && m.Figures.InputTokens >= 5000);
        Assert.Equal(UsageFigures.Sum(service.Days.SelectMany(d => d.Models).Select(m => m.Figures)).Cost, service.Models.Sum(m => m.Figures.Cost));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => cluster.Grains.GetGrain<IServiceUsageGrain>(0).GetAsync(today, today.AddDays(-1), 10));
    }

    [Fact]
    public async Task Erasing_drops_the_figures_and_the_users_lines_and_counts_nothing_afterwards()
    {
        var usage = cluster.NewUser();
        var today = UsageDays.DayOf(Clock.GetUtcNow());
        await usage.RecordTurnAsync(Turn("before", 10, 10));
        var day = cluster.Grains.GetGrain<IUsageDayGrain>(UsageDays.Key(today));
        await Eventually.HoldsAsync(async () => (await day.GetAsync()).Users.Any(u => u.UserId == Id(usage)));

        await usage.EraseAsync();
        var late = await usage.RecordTurnAsync(Turn("after", 10, 10));
        await cluster.DeactivateAllAsync();

        Assert.False(late);
        Assert.Empty((await ReportAsync(usage)).Days);
        Assert.DoesNotContain((await day.GetAsync()).Users, u => u.UserId == Id(usage));
    }

    [Fact]
    public void The_record_round_trips_through_the_grain_storage_format_production_writes()
    {
        var state = new UserUsageState { RecentRecords = ["x", "y/1"] };
        var turn = Turn("a", 7, 3) with { Status = ChatTurnStatus.Blocked, Images = 1, Tools = new ToolCalls(1, 2, 3) };
        UserUsageBook.Remember(state.RecentRecords, turn.RecordId);
        UserUsageBook.Add(state.Days, turn, UsageFigures.Of(turn, 0.125m));

        var loaded = cluster.StorageSerializer.Deserialize<UserUsageState>(cluster.StorageSerializer.Serialize(state))!;

        var figures = loaded.Days.Single().Value.Single().Value;
        Assert.Equal((0, 7L, 3L, 1, new ToolCalls(1, 2, 3), 0.125m), (figures.Turns, figures.InputTokens, figures.OutputTokens, figures.Images, figures.Tools, figures.Cost));
        Assert.Equal(new Dictionary<ChatTurnStatus, int> { [ChatTurnStatus.Blocked] = 1 }, figures.FailedTurns);
        Assert.Equal(["x", "y/1", "a"], loaded.RecentRecords);
        var history = new UserUsageHistory { Days = state.Days };
        var kept = cluster.StorageSerializer.Deserialize<UserUsageHistory>(cluster.StorageSerializer.Serialize(history))!.Days.Single().Value.Single().Value;
        Assert.Equal((7L, 3L, 0.125m), (kept.InputTokens, kept.OutputTokens, kept.Cost));
    }

    [Fact]
    public async Task A_record_of_400_days_stored_whole_moves_its_closed_days_aside_and_a_turn_then_writes_only_today()
    {
        var usage = cluster.NewUser();
        var today = UsageDays.DayOf(Clock.GetUtcNow());
        // As releases before the history stored it: every kept day in the one record.
        var stored = new UserUsageState { RecentRecords = ["old"] };
        foreach (var day in Enumerable.Range(1, UsageDays.Kept - 1).Select(back => today.AddDays(-back)))
        {
            UserUsageBook.Add(stored.Days, Turn("old", 10, 0) with { At = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) }, UsageFigures.Of(Turn("old", 10, 0), 0m));
        }

        await cluster.Storage.WriteStateAsync("userUsage", usage.GetGrainId(), new GrainState<UserUsageState>(stored));
        var before = await ReportAsync(usage);

        await usage.RecordTurnAsync(Turn("today", 5, 0));
        var record = await cluster.ReadAsync<UserUsageState>("userUsage", usage);
        var history = await cluster.ReadAsync<UserUsageHistory>("userUsageHistory", usage);
        await cluster.DeactivateAllAsync();
        var after = await ReportAsync(usage);

        Assert.Equal((UsageDays.Kept - 1, 10L * (UsageDays.Kept - 1)), (before.Days.Count, before.Totals.InputTokens));
        Assert.Equal([today], record.Days.Keys);
        Assert.Equal(UsageDays.Kept - 1, history.Days.Count);
        Assert.All(history.Days.Keys, day => Assert.True(day < today));
        Assert.Equal((UsageDays.Kept, 10L * (UsageDays.Kept - 1) + 5), (after.Days.Count, after.Totals.InputTokens));
    }

    [Fact]
    public async Task A_record_of_a_release_that_closed_months_moves_this_months_earlier_days_aside_on_its_next_call()
    {
        var usage = cluster.NewUser();
        var (lastDay, _) = MoveToTheLastSecondOfTheMonth();
        var firstOfMonth = new DateOnly(lastDay.Year, lastDay.Month, 1);
        await usage.RecordTurnAsync(Turn("last month", 7, 0) with { At = new DateTimeOffset(firstOfMonth.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) });
        // As a release that closed months left it: last month in the history, this month's days in the record.
        var stored = new UserUsageState { RecentRecords = ["earlier"] };
        foreach (var day in Enumerable.Range(0, lastDay.Day).Select(firstOfMonth.AddDays))
        {
            UserUsageBook.Add(stored.Days, Turn("earlier", 10, 0) with { At = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) }, UsageFigures.Of(Turn("earlier", 10, 0), 0m));
        }

        var closedByMonth = new GrainState<UserUsageHistory>(new UserUsageHistory());
        await cluster.Storage.ReadStateAsync("userUsageHistory", usage.GetGrainId(), closedByMonth);
        closedByMonth.State!.ClosedBefore = firstOfMonth;
        await cluster.Storage.WriteStateAsync("userUsageHistory", usage.GetGrainId(), closedByMonth);
        await cluster.Storage.WriteStateAsync("userUsage", usage.GetGrainId(), new GrainState<UserUsageState>(stored));
        await cluster.DeactivateAllAsync();

        var counted = await usage.RecordTurnAsync(Turn("earlier", 1, 0));
        await usage.RecordTurnAsync(Turn("today", 5, 0));
        var record = await cluster.ReadAsync<UserUsageState>("userUsage", usage);
        var history = await cluster.ReadAsync<UserUsageHistory>("userUsageHistory", usage);
        var month = await usage.GetReportAsync(firstOfMonth, lastDay, UserTier.Basic);

        Assert.False(counted);
        Assert.Equal([lastDay], record.Days.Keys);
        Assert.Equal(lastDay, history.ClosedBefore);
        Assert.Equal(lastDay.Day, history.Days.Count);
        Assert.Equal((lastDay.Day, 10L * lastDay.Day + 5), (month.Days.Count, month.Totals.InputTokens));
    }

    [Fact]
    public async Task A_turn_of_yesterday_recorded_after_midnight_joins_yesterday_in_the_history_once()
    {
        var usage = cluster.NewUser();
        var yesterday = MoveToTheLastSecondOfADay();
        await usage.RecordTurnAsync(Turn("before midnight", 1000, 0));
        var late = Turn("ended before midnight", 200, 0);
        Clock.Advance(TimeSpan.FromSeconds(2));

        await usage.RecordTurnAsync(Turn("after midnight", 3000, 0));
        var counted = await Task.WhenAll(usage.RecordTurnAsync(late), usage.RecordTurnAsync(late));
        var record = await cluster.ReadAsync<UserUsageState>("userUsage", usage);
        var history = await cluster.ReadAsync<UserUsageHistory>("userUsageHistory", usage);
        await cluster.DeactivateAllAsync();
        var report = await usage.GetReportAsync(yesterday, yesterday.AddDays(1), UserTier.Basic);

        Assert.Equal(1, counted.Count(c => c));
        Assert.Equal([(yesterday, 1200L), (yesterday.AddDays(1), 3000L)], report.Days.Select(d => (d.Day, d.Models.Single().Figures.InputTokens)));
        Assert.Equal([yesterday.AddDays(1)], record.Days.Keys);
        Assert.Equal([yesterday], history.Days.Keys);
        Assert.Equal(["ended before midnight"], history.RecentRecords);
    }

    [Fact]
    public async Task A_turn_of_last_month_recorded_after_midnight_joins_last_month_once()
    {
        var usage = cluster.NewUser();
        var (lastDay, _) = MoveToTheLastSecondOfTheMonth();
        await usage.RecordTurnAsync(Turn("before midnight", 1000, 0));
        var late = Turn("ended before midnight", 200, 0);
        Clock.Advance(TimeSpan.FromSeconds(2));

        await usage.RecordTurnAsync(Turn("after midnight", 3000, 0));
        var counted = await Task.WhenAll(usage.RecordTurnAsync(late), usage.RecordTurnAsync(late));
        await cluster.DeactivateAllAsync();
        var report = await usage.GetReportAsync(lastDay, lastDay.AddDays(1), UserTier.Basic);

        Assert.Equal(1, counted.Count(c => c));
        Assert.Equal([(lastDay, 1200L), (lastDay.AddDays(1), 3000L)], report.Days.Select(d => (d.Day, d.Models.Single().Figures.InputTokens)));
        Assert.Equal(CostOf(1200, 0), await usage.GetMonthCostAsync(new DateOnly(lastDay.Year, lastDay.Month, 1)));
        // The late turn's id went into the history with its figures, in the one write that counted it.
        var history = await cluster.ReadAsync<UserUsageHistory>("userUsageHistory", usage);
        Assert.Equal([lastDay], history.Days.Keys);
        Assert.Equal(["ended before midnight"], history.RecentRecords);
        Assert.DoesNotContain("ended before midnight", (await cluster.ReadAsync<UserUsageState>("userUsage", usage)).RecentRecords);
    }

    [Fact]
    public async Task A_silo_whose_clock_is_behind_at_midnight_does_not_reopen_the_month_a_call_closed()
    {
        var usage = cluster.NewUser();
        var (lastDay, nextMonth) = MoveToTheLastSecondOfTheMonth();
        await usage.RecordTurnAsync(Turn("before midnight", 1000, 0));
        Clock.Advance(TimeSpan.FromSeconds(2));
        await usage.RecordTurnAsync(Turn("after midnight", 3000, 0));

        // The grain's next call lands on a silo whose clock still says the last day; then one that is right again.
        Clock.AdjustTime(nextMonth - TimeSpan.FromSeconds(5));
        await usage.RecordTurnAsync(Turn("behind", 50, 0));
        Clock.AdjustTime(nextMonth + TimeSpan.FromSeconds(5));
        await usage.RecordTurnAsync(Turn("right again", 4, 0));
        var report = await usage.GetReportAsync(lastDay, lastDay.AddDays(1), UserTier.Basic);

        Assert.Equal([(lastDay, 1050L), (lastDay.AddDays(1), 3004L)], report.Days.Select(d => (d.Day, d.Models.Single().Figures.InputTokens)));
    }

    /// <summary>Moves the clock to the next 23:59:59 UTC (or leaves it there): that day.</summary>
    private static DateOnly MoveToTheLastSecondOfADay()
    {
        var now = Clock.GetUtcNow();
        Clock.Advance(new DateTimeOffset(now.Date, TimeSpan.Zero).AddDays(1) - now - TimeSpan.FromSeconds(1));
        return UsageDays.DayOf(Clock.GetUtcNow());
    }

    /// <summary>Moves the clock to 23:59:59 UTC on this month's last day: that day, and the midnight that follows.</summary>
    private static (DateOnly LastDay, DateTimeOffset NextMonth) MoveToTheLastSecondOfTheMonth()
    {
        var now = Clock.GetUtcNow();
        var nextMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        Clock.Advance(nextMonth - now - TimeSpan.FromSeconds(1));
        return (UsageDays.DayOf(Clock.GetUtcNow()), nextMonth);
    }

    private static TurnUsage Turn(string recordId, long input, long output) =>
        new(recordId, Clock.GetUtcNow(), Model, ChatTurnStatus.Replied) { Tokens = new TokenUsage(input, output, input + output) };

    private static Task<UsageReport> ReportAsync(IUserUsageGrain usage)
    {
        var today = UsageDays.DayOf(Clock.GetUtcNow());
        return usage.GetReportAsync(today.AddDays(1 - UsageDays.Kept), today, UserTier.Basic);
    }

    private static string Id(IUserUsageGrain usage) => usage.GetPrimaryKeyString();

    public sealed class UsageCluster : IAsyncLifetime, ITestClock
    {
        public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 5, 10, 8, 0, 0, TimeSpan.Zero));

        private TestCluster _cluster = null!;

        public IGrainFactory Grains => _cluster.GrainFactory;

        /// <summary>What every storage provider of ours writes with (PostgreSQL's rows in production).</summary>
        public IGrainStorageSerializer StorageSerializer =>
            ((InProcessSiloHandle)_cluster.Primary!).SiloHost.Services.GetRequiredService<IGrainStorageSerializer>();

        public async Task InitializeAsync() =>
            _cluster = await TestClusters.DeployAsync<UsageCluster>(new Dictionary<string, string?>
            {
                [$"Usage:Prices:{Model}:InputPerMillion"] = "1",
                [$"Usage:Prices:{Model}:OutputPerMillion"] = "2",
                ["Usage:MonthlyCap:Basic"] = "0.002",
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
    }
}
