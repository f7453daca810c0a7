using GeminiClone.Grains.Interfaces.Usage;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// A user's usage as every turn writes it: today's figures by model, and the records already counted. Earlier days
/// are in <see cref="UserUsageHistory"/>.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Usage.UserUsageState")]
public sealed class UserUsageState
{
    /// <summary>
    /// The open days by UTC day: today's only, once the day's first call has closed the ones before. Records written
    /// before the usage history existed hold all 400, and those of the releases that closed months this month's, until
    /// their next call closes them.
    /// </summary>
    [Id(0)] public Dictionary<DateOnly, Dictionary<string, UsageFigures>> Days { get; set; } = [];

    /// <summary>The record ids as releases before 2026-12-07 stored them: taken over by <see cref="Recent"/> on its first use, stored empty since.</summary>
    [Id(1)] public List<string> RecentRecords { get; set; } = [];

    /// <summary>
    /// The newest <see cref="UserUsageBook.RememberedRecords"/> record ids, oldest first: what makes a retried record
    /// call count once. A silo of an earlier release skips the field and writes its own list (then taken over
    /// instead): a rolling upgrade forgets at most the ids before it, each a retry that could come only within seconds.
    /// </summary>
    [Id(3)] public RecordIds? RecentRecordIds { get; set; }

    public RecordIds Recent => RecentRecordIds ??= RecordIds.TakeOver(RecentRecords);

    /// <summary>Set by account deletion: nothing more is counted (a row of a few bytes, so a late turn cannot bring the figures back).</summary>
    [Id(2)] public DateTimeOffset? ErasedAt { get; set; }
}

/// <summary>The rules of a user's usage record: counting a turn once, keeping 400 days, and reading figures back.</summary>
public static class UserUsageBook
{
    /// <summary>
    /// Retries of a record call come within seconds (the chatroom asks again once, at once); a user's turns end at
    /// most a few a second. 32 ids is still ten seconds and more of the busiest user's turns, and every turn writes
    /// them all: at 256 their serialization was a third of the record's cost (issue 30's profile), and at 64 the
    /// record passed the 64 objects Orleans' serializer tracks inline, so every write also made its overflow
    /// dictionaries (2.8 KB a turn). State stored with more keeps its newest 32 on its next write.
    /// </summary>
    public const int RememberedRecords = 32;

    /// <summary>Notes the record as counted, forgetting the oldest beyond <see cref="RememberedRecords"/>.</summary>
    public static void Remember(RecordIds recent, string recordId) => recent.Add(recordId, RememberedRecords);

    /// <summary>Adds the turn's figures to its UTC day and model.</summary>
    public static void Add(Dictionary<DateOnly, Dictionary<string, UsageFigures>> days, TurnUsage turn, UsageFigures figures)
    {
        var day = UsageDays.DayOf(turn.At);
        if (!days.TryGetValue(day, out var models))
        {
            days[day] = models = new Dictionary<string, UsageFigures>(StringComparer.Ordinal);
        }

        models[turn.Model] = models.TryGetValue(turn.Model, out var before) ? before.Add(figures) : figures;
    }

    /// <summary>Drops the days before the <see cref="UsageDays.Kept"/> that end with <paramref name="today"/>; false when there were none.</summary>
    public static bool Prune(Dictionary<DateOnly, Dictionary<string, UsageFigures>> days, DateOnly today)
    {
        var oldestKept = today.AddDays(1 - UsageDays.Kept);
        var old = days.Keys.Where(day => day < oldestKept).ToList();
        foreach (var day in old)
        {
            days.Remove(day);
        }

        return old.Count > 0;
    }

    public static decimal MonthCost(IEnumerable<KeyValuePair<DateOnly, Dictionary<string, UsageFigures>>> days, DateOnly month) =>
        days.Where(d => d.Key.Year == month.Year && d.Key.Month == month.Month).SelectMany(d => d.Value.Values).Sum(f => f.Cost);

    /// <summary>Days with figures from <paramref name="from"/> to <paramref name="to"/>, oldest first, models by name.</summary>
    public static IReadOnlyList<DayUsage> Days(IEnumerable<KeyValuePair<DateOnly, Dictionary<string, UsageFigures>>> days, DateOnly from, DateOnly to) =>
    [
        .. days.Where(d => d.Key >= from && d.Key <= to).OrderBy(d => d.Key)
            .Select(d => new DayUsage(d.Key, [.. d.Value.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new ModelUsage(m.Key, m.Value))])),
    ];

    /// <summary>Each model's figures over <paramref name="days"/>, by name.</summary>
    public static IReadOnlyList<ModelUsage> ByModel(IEnumerable<DayUsage> days) =>
    [
        .. days.SelectMany(d => d.Models).GroupBy(m => m.Model, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ModelUsage(g.Key, UsageFigures.Sum(g.Select(m => m.Figures)))),
    ];
}
