using GeminiClone.Grains.Interfaces.Usage;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// A user's figures of the months before this one, stored apart from <see cref="UserUsageState"/> so that a turn,
/// which only ever adds to this month, writes at most a month of days rather than the 400 a record keeps.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Usage.UserUsageHistory")]
public sealed class UserUsageHistory
{
    [Id(0)] public Dictionary<DateOnly, Dictionary<string, UsageFigures>> Days { get; set; } = [];

    /// <summary>The ids of turns of closed months recorded late (<see cref="UserUsageBook.RememberedRecords"/> at most), so each counts once.</summary>
    [Id(1)] public List<string> RecentRecords { get; set; } = [];

    /// <summary>
    /// The month the last close made current: days before it are the history's, whatever a silo's clock says (one
    /// behind at midnight must not reopen a month already closed).
    /// </summary>
    [Id(2)] public DateOnly? ClosedBefore { get; set; }
}

/// <summary>
/// The rules that split a user's days between this month's record and the history: a month closes when the first call
/// of the next one moves its days into the history, and a turn of a closed month (one that ended just before midnight
/// and was recorded after) is added to the history directly.
/// </summary>
public static class UsageMonths
{
    /// <summary>
    /// Moves the record's days before <paramref name="thisMonth"/> into the history; false when there were none. A day
    /// the history already holds is the copy of a move whose second write never happened, so it stays as it is.
    /// </summary>
    public static bool Close(UserUsageState record, UserUsageHistory history, DateOnly thisMonth)
    {
        var closed = record.Days.Keys.Where(day => day < thisMonth).ToList();
        foreach (var day in closed)
        {
            history.Days.TryAdd(day, record.Days[day]);
            record.Days.Remove(day);
        }

        if (closed.Count > 0)
        {
            history.ClosedBefore = thisMonth;
        }

        return closed.Count > 0;
    }

    /// <summary>The first day of the month the record counts: today's by the clock, or a later one a close has made current.</summary>
    public static DateOnly ThisMonth(DateOnly today, UserUsageHistory history)
    {
        var byClock = new DateOnly(today.Year, today.Month, 1);
        return history.ClosedBefore is { } closed && closed > byClock ? closed : byClock;
    }

    /// <summary>Every day the user has figures for, the history's first (see <see cref="Close"/>), in no order.</summary>
    public static IEnumerable<KeyValuePair<DateOnly, Dictionary<string, UsageFigures>>> All(UserUsageState record, UserUsageHistory history) =>
        history.Days.Concat(record.Days.Where(day => !history.Days.ContainsKey(day.Key)));
}
