using GeminiClone.Grains.Interfaces.Users;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Usage;

/// <summary>
/// One user's usage, keyed by the user id: per UTC day and model, turns, tokens, images, tool calls, failures and
/// estimated cost, for <see cref="UsageDays.Kept"/> days. A grain runs one call at a time, so turns of the user
/// ending at once in several chatrooms are each counted exactly once.
/// </summary>
[Alias("GeminiClone.Usage.IUserUsageGrain")]
public interface IUserUsageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Counts a turn that has ended, priced by the table of its day, and passes it on to the day's service-wide
    /// figures. Idempotent by <see cref="TurnUsage.RecordId"/>: false when that record was already counted (a
    /// retried call), or when the user's usage has been erased.
    /// </summary>
    [Alias("RecordTurn")]
    Task<bool> RecordTurnAsync(TurnUsage turn);

    /// <summary>The figures from <paramref name="from"/> to <paramref name="to"/>, and this month's cost against the cap of <paramref name="tier"/>.</summary>
    [Alias("GetReport"), ReadOnly]
    Task<UsageReport> GetReportAsync(DateOnly from, DateOnly to, UserTier tier);

    /// <summary>The estimated cost of the UTC month that <paramref name="month"/> falls in, so far: what the spending cap is held against.</summary>
    [Alias("GetMonthCost"), ReadOnly]
    Task<decimal> GetMonthCostAsync(DateOnly month);

    /// <summary>
    /// Account deletion: the figures go, and the user's lines in the days' service-wide figures with them (the
    /// days' totals stay). A turn recorded afterwards is not counted.
    /// </summary>
    [Alias("Erase")]
    Task EraseAsync();
}
