using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// One user's usage (<see cref="IUserUsageGrain"/>). Calls run one at a time, so concurrent turns of the user in
/// several chatrooms are counted exactly; each record is written before it is acknowledged, and only then passed to
/// its day's service-wide grain. Pricing happens here, once per record, so a retried call prices nothing twice.
/// </summary>
public sealed partial class UserUsageGrain(
    [PersistentState("userUsage", StorageNames.Usage)] IPersistentState<UserUsageState> usage,
    UsagePrices prices,
    IOptions<UsageOptions> options,
    TimeProvider clock,
    ILogger<UserUsageGrain> logger)
    : Grain, IUserUsageGrain
{
    /// <summary>A write failed: memory may hold a record storage lacks (or has), so storage decides before the next change.</summary>
    private bool _stale;

    private string UserId => this.GetPrimaryKeyString();

    public async Task<bool> RecordTurnAsync(TurnUsage turn)
    {
        await RefreshIfStaleAsync();
        if (usage.State.ErasedAt is not null)
        {
            return false;
        }

        var figures = UsageFigures.Of(turn, prices.CostOf(turn));
        if (!UserUsageBook.Count(usage.State, turn, figures))
        {
            return false;
        }

        UserUsageBook.Prune(usage.State, UsageDays.DayOf(clock.GetUtcNow()));
        await WriteAsync();
        GrainFactory.GetGrain<IUsageDayGrain>(UsageDays.Key(UsageDays.DayOf(turn.At))).AddAsync(new UsageDayEntry(UserId, turn.Model, figures)).Ignore();
        return true;
    }

    public async Task<UsageReport> GetReportAsync(DateOnly from, DateOnly to, UserTier tier)
    {
        await RefreshIfStaleAsync();
        var days = UserUsageBook.Days(usage.State, from, to);
        var models = UserUsageBook.ByModel(days);
        var now = clock.GetUtcNow();
        var month = UsageCalendar.MonthOf(now);
        var spending = new SpendingStatus(
            month, UserUsageBook.MonthCost(usage.State, month), options.Value.MonthlyCap.For(tier), UsageCalendar.FirstOfNextMonth(now));
        return new UsageReport(from, to, days, models, UsageFigures.Sum(models.Select(m => m.Figures)), spending);
    }

    public async Task<decimal> GetMonthCostAsync(DateOnly month)
    {
        await RefreshIfStaleAsync();
        return UserUsageBook.MonthCost(usage.State, month);
    }

    public async Task EraseAsync()
    {
        await RefreshIfStaleAsync();
        if (usage.State.ErasedAt is not null)
        {
            return;
        }

        // The days' service-wide lines first: a failure leaves the figures here to find them again on the retry.
        await Task.WhenAll(usage.State.Days.Keys.Select(day => GrainFactory.GetGrain<IUsageDayGrain>(UsageDays.Key(day)).ForgetUserAsync(UserId)));
        usage.State = new UserUsageState { ErasedAt = clock.GetUtcNow() };
        await WriteAsync();
        LogErased(UserId);
    }

    private async Task WriteAsync()
    {
        try
        {
            await usage.WriteStateAsync();
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
            await usage.ReadStateAsync();
            _stale = false;
        }
    }

    [LoggerMessage(LogLevel.Information, "Usage of user {UserId} erased")]
    private partial void LogErased(string userId);
}
