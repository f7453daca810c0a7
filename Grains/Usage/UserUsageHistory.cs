using GeminiClone.Grains.Interfaces.Usage;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// A user's figures of the days before today, stored apart from <see cref="UserUsageState"/> so that a turn, which
/// only ever adds to today, writes one day rather than the 400 a record keeps. Written once a day, by the first call
/// of the next (earlier releases closed whole months, so their records may still hold this month's days until
/// that call).
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Usage.UserUsageHistory")]
public sealed class UserUsageHistory
{
    [Id(0)] public Dictionary<DateOnly, Dictionary<string, UsageFigures>> Days { get; set; } = [];

    /// <summary>The record ids as releases before 2026-12-07 stored them: taken over by <see cref="Recent"/> on its first use, stored empty since.</summary>
    [Id(1)] public List<string> RecentRecords { get; set; } = [];

    /// <summary>
    /// The day the last close made current (the first of a month, when an earlier release closed it): days before it
    /// are the history's, whatever a silo's clock says (one behind at midnight must not reopen a day already closed).
    /// </summary>
    [Id(2)] public DateOnly? ClosedBefore { get; set; }

    /// <summary>The ids of turns of closed days recorded late (<see cref="UserUsageBook.RememberedRecords"/> at most), so each counts once.</summary>
    [Id(3)] public RecordIds? RecentRecordIds { get; set; }

    public RecordIds Recent => RecentRecordIds ??= RecordIds.TakeOver(RecentRecords);
}

/// <summary>
/// The rules that split a user's days between the record (today) and the history: a day closes when the first call of
/// a later one moves it into the history, and a turn of a closed day (one that ended just before midnight and was
/// recorded after) is added to the history directly. The releases before closed months by the same rules (their
/// first open day is the later of the first of this month and <see cref="UserUsageHistory.ClosedBefore"/>), so either
/// release reads what the other wrote: the older only keeps more days in the record.
/// </summary>
public static class UsageClosedDays
{
    /// <summary>
    /// Moves the record's days before <paramref name="firstOpenDay"/> into the history; false when there were none. A
    /// day the history already holds is the copy of a move whose second write never happened, so it stays as it is.
    /// </summary>
    public static bool Close(UserUsageState record, UserUsageHistory history, DateOnly firstOpenDay)
    {
        var closed = record.Days.Keys.Where(day => day < firstOpenDay).ToList();
        foreach (var day in closed)
        {
            history.Days.TryAdd(day, record.Days[day]);
            record.Days.Remove(day);
        }

        if (closed.Count > 0)
        {
            history.ClosedBefore = firstOpenDay;
        }

        return closed.Count > 0;
    }

    /// <summary>The first day the record counts: today by the clock, or a later one a close has made current.</summary>
    public static DateOnly FirstOpenDay(DateOnly today, UserUsageHistory history) =>
        history.ClosedBefore is { } closed && closed > today ? closed : today;

    /// <summary>Every day the user has figures for, the history's first (see <see cref="Close"/>), in no order.</summary>
    public static IEnumerable<KeyValuePair<DateOnly, Dictionary<string, UsageFigures>>> All(UserUsageState record, UserUsageHistory history) =>
        history.Days.Concat(record.Days.Where(day => !history.Days.ContainsKey(day.Key)));
}
