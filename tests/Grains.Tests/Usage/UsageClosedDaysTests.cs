using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Usage;
using Orleans.Storage;
using static GeminiClone.Grains.Tests.Usage.UsageCluster;

namespace GeminiClone.Grains.Tests.Usage;

/// <summary>
/// How a user's usage is stored: a turn writes today's figures only; the days before are a history written as each day
/// closes (the first call of the next), a turn of a closed day joins its day there, and records stored by earlier
/// releases (all 400 days in the record, or this month's) close their days on their next call.
/// </summary>
[Collection(UsageCollection.Name)]
public sealed class UsageClosedDaysTests(UsageCluster cluster)
{
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
        Assert.Equal(["ended before midnight"], history.Recent.Ids);
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
        Assert.Equal(["ended before midnight"], history.Recent.Ids);
        Assert.DoesNotContain("ended before midnight", (await cluster.ReadAsync<UserUsageState>("userUsage", usage)).Recent.Ids);
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
}
