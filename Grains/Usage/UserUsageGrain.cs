using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// One user's usage (<see cref="IUserUsageGrain"/>). Calls run one at a time, so concurrent turns of the user in
/// several chatrooms are counted exactly; each record is written before it is acknowledged, and only then added to
/// the service-wide figures. Pricing happens here, once per record, so a retried call prices nothing twice. A
/// turn writes today's record only; earlier days are a second state (<see cref="UserUsageHistory"/>), written once a
/// day as a day closes (<see cref="UsageClosedDays"/>), so a user of a year writes one day of figures per turn, not 400.
/// The service-wide figures hear of a record through this silo's tally (<see cref="UsageDayTally"/>), not a call per record.
/// </summary>
public sealed partial class UserUsageGrain(
    [PersistentState("userUsage", StorageNames.Usage)] IPersistentState<UserUsageState> usage,
    [PersistentState("userUsageHistory", StorageNames.Usage)] IPersistentState<UserUsageHistory> history,
    UsagePrices prices,
    UsageDayTally serviceDays,
    TimeProvider clock,
    ILogger<UserUsageGrain> logger)
    : Grain, IUserUsageGrain
{
    /// <summary>A write failed: memory may hold a record storage lacks (or has), so storage decides before the next change.</summary>
    private bool _stale;

    /// <summary>The day whose pruning of the history is written: a day falls out of the 400 once a day, not per turn.</summary>
    private DateOnly? _prunedOn;

    private readonly CountedRecords _counted = new();

    private string UserId => this.GetPrimaryKeyString();

    private IEnumerable<KeyValuePair<DateOnly, Dictionary<string, UsageFigures>>> AllDays => UsageClosedDays.All(usage.State, history.State);

    public async Task<bool> RecordTurnAsync(TurnUsage turn)
    {
        await RefreshIfStaleAsync();
        if (usage.State.ErasedAt is not null)
        {
            return false;
        }

        var today = UsageDays.DayOf(clock.GetUtcNow());
        var firstOpenDay = UsageClosedDays.FirstOpenDay(today, history.State);
        await CloseDaysAsync(firstOpenDay, today);
        if (_counted.Contains(usage.State, history.State, turn.RecordId))
        {
            return false;
        }

        // A turn of a day already closed (it ended just before midnight) joins the history with its id: one write
        // says both that it counted and what, so a retry after a crash cannot count it twice.
        var late = UsageDays.DayOf(turn.At) < firstOpenDay;
        var (days, recent) = late ? (history.State.Days, history.State.Recent) : (usage.State.Days, usage.State.Recent);
        var figures = UsageFigures.Of(turn, prices.CostOf(turn));
        UserUsageBook.Remember(recent, turn.RecordId);
        UserUsageBook.Add(days, turn, figures);
        await (late ? WriteAsync(history) : WriteAsync(usage));
        _counted.Add(turn.RecordId);

        serviceDays.Add(UsageDays.DayOf(turn.At), new UsageDayEntry(UserId, turn.Model, figures));
        return true;
    }

    public async Task<UsageReport> GetReportAsync(DateOnly from, DateOnly to, UserTier tier)
    {
        await RefreshIfStaleAsync();
        var days = UserUsageBook.Days(AllDays, from, to);
        var models = UserUsageBook.ByModel(days);
        var now = clock.GetUtcNow();
        var month = UsageCalendar.MonthOf(now);
        var spending = new SpendingStatus(
            month, UserUsageBook.MonthCost(AllDays, month), prices.MonthlyCapFor(tier), UsageCalendar.FirstOfNextMonth(now));
        return new UsageReport(from, to, days, models, UsageFigures.Sum(models.Select(m => m.Figures)), spending);
    }

    public async Task<decimal> GetMonthCostAsync(DateOnly month)
    {
        await RefreshIfStaleAsync();
        return UserUsageBook.MonthCost(AllDays, month);
    }

    public async Task EraseAsync()
    {
        await RefreshIfStaleAsync();
        if (usage.State.ErasedAt is not null)
        {
            return;
        }

        // The days' service-wide lines first: a failure leaves the figures here to find them again on the retry. This
        // silo's tally goes before them, so that nothing of the user's reaches a day after its line is erased.
        await serviceDays.ForgetAsync(UserId);
        await Task.WhenAll(AllDays.Select(day => GrainFactory.GetGrain<IUsageDayGrain>(UsageDays.Key(day.Key)).ForgetUserAsync(UserId)));
        await history.ClearStateAsync();
        usage.State = new UserUsageState { ErasedAt = clock.GetUtcNow() };
        _counted.Forget();
        await WriteAsync(usage);
        LogErased(UserId);
    }

    /// <summary>
    /// The first call of a day moves the days before it into the history (a record stored before the history existed
    /// moves its whole 400 days at once, one of a release that closed months this month's days), the history first:
    /// a failure between the two writes leaves the days in both, and the history's copy is the one read until the
    /// next call moves them again. The same write drops the history's day that fell out of the 400 a record keeps.
    /// </summary>
    private async Task CloseDaysAsync(DateOnly firstOpenDay, DateOnly today)
    {
        var moved = UsageClosedDays.Close(usage.State, history.State, firstOpenDay);
        var pruned = _prunedOn != today && UserUsageBook.Prune(history.State.Days, today);
        if (pruned | moved)
        {
            await WriteAsync(history);
        }

        // Only once written: after a failed write the next call prunes again.
        _prunedOn = today;

        if (moved)
        {
            await WriteAsync(usage);
        }
    }

    private async Task WriteAsync<T>(IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            _stale = true;
            throw;
        }
    }

    private async Task RefreshIfStaleAsync()
    {
        if (_stale)
        {
            await Task.WhenAll(usage.ReadStateAsync(), history.ReadStateAsync());
            _counted.Forget();
            _stale = false;
        }
    }

    [LoggerMessage(LogLevel.Information, "Usage of user {UserId} erased")]
    private partial void LogErased(string userId);
}
