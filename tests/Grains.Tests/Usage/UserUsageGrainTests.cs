using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Usage;
using Orleans.Storage;

using static GeminiClone.Grains.Tests.Usage.UsageCluster;

namespace GeminiClone.Grains.Tests.Usage;

/// <summary>
/// A user's usage record, on a test cluster whose clock the tests move: counted once per record however often it is
/// sent, exact under concurrent records, 400 days kept, split at UTC midnight, summed by UTC month
/// (<see cref="UsageClosedDaysTests"/>: how the days are stored).
/// </summary>
[Collection(UsageCollection.Name)]
public sealed class UserUsageGrainTests(UsageCluster cluster)
{
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
        UserUsageBook.Remember(state.Recent, turn.RecordId);
        UserUsageBook.Add(state.Days, turn, UsageFigures.Of(turn, 0.125m));

        var loaded = cluster.StorageSerializer.Deserialize<UserUsageState>(cluster.StorageSerializer.Serialize(state))!;

        var figures = loaded.Days.Single().Value.Single().Value;
        Assert.Equal((0, 7L, 3L, 1, new ToolCalls(1, 2, 3), 0.125m), (figures.Turns, figures.InputTokens, figures.OutputTokens, figures.Images, figures.Tools, figures.Cost));
        Assert.Equal(new Dictionary<ChatTurnStatus, int> { [ChatTurnStatus.Blocked] = 1 }, figures.FailedTurns);
        Assert.Equal(["x", "y/1", "a"], loaded.Recent.Ids);
        Assert.Empty(loaded.RecentRecords);
        var history = new UserUsageHistory { Days = state.Days };
        var kept = cluster.StorageSerializer.Deserialize<UserUsageHistory>(cluster.StorageSerializer.Serialize(history))!.Days.Single().Value.Single().Value;
        Assert.Equal((7L, 3L, 0.125m), (kept.InputTokens, kept.OutputTokens, kept.Cost));
    }
}
