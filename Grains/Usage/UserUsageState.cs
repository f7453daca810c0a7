using GeminiClone.Grains.Interfaces.Usage;

namespace GeminiClone.Grains.Usage;

/// <summary>A user's usage as stored: figures by UTC day and model, and the records already counted.</summary>
[GenerateSerializer, Alias("GeminiClone.Usage.UserUsageState")]
public sealed class UserUsageState
{
    [Id(0)] public Dictionary<DateOnly, Dictionary<string, UsageFigures>> Days { get; set; } = [];

    /// <summary>The newest <see cref="UserUsageBook.RememberedRecords"/> record ids, oldest first: what makes a retried record call count once.</summary>
    [Id(1)] public List<string> RecentRecords { get; set; } = [];

    /// <summary>Set by account deletion: nothing more is counted (a row of a few bytes, so a late turn cannot bring the figures back).</summary>
    [Id(2)] public DateTimeOffset? ErasedAt { get; set; }
}

/// <summary>The rules of a user's usage record: counting a turn once, keeping 400 days, and reading figures back.</summary>
public static class UserUsageBook
{
    /// <summary>
    /// Retries of a record call come within seconds (the chatroom asks again once, at once); a user's turns end at
    /// most a few a second. 64 ids is still tens of seconds of the busiest user's turns, and every turn writes them
    /// all: at 256 their serialization was a third of the record's cost (issue 30's profile). State stored with
    /// more keeps its newest 64 on its next write.
    /// </summary>
    public const int RememberedRecords = 64;

    /// <summary>Adds the turn's figures to its day and model, unless the record was counted already; false then.</summary>
    public static bool Count(UserUsageState state, TurnUsage turn, UsageFigures figures)
    {
        if (state.RecentRecords.Contains(turn.RecordId, StringComparer.Ordinal))
        {
            return false;
        }

        var day = UsageDays.DayOf(turn.At);
        if (!state.Days.TryGetValue(day, out var models))
        {
            state.Days[day] = models = new Dictionary<string, UsageFigures>(StringComparer.Ordinal);
        }

        models[turn.Model] = models.TryGetValue(turn.Model, out var before) ? before.Add(figures) : figures;
        state.RecentRecords.Add(turn.RecordId);
        if (state.RecentRecords.Count > RememberedRecords)
        {
            state.RecentRecords.RemoveRange(0, state.RecentRecords.Count - RememberedRecords);
        }

        return true;
    }

    /// <summary>Drops the days before the <see cref="UsageDays.Kept"/> that end with <paramref name="today"/>.</summary>
    public static void Prune(UserUsageState state, DateOnly today)
    {
        var oldestKept = today.AddDays(1 - UsageDays.Kept);
        foreach (var old in state.Days.Keys.Where(day => day < oldestKept).ToList())
        {
            state.Days.Remove(old);
        }
    }

    public static decimal MonthCost(UserUsageState state, DateOnly month) =>
        state.Days.Where(d => d.Key.Year == month.Year && d.Key.Month == month.Month).SelectMany(d => d.Value.Values).Sum(f => f.Cost);

    /// <summary>Days with figures from <paramref name="from"/> to <paramref name="to"/>, oldest first, models by name.</summary>
    public static IReadOnlyList<DayUsage> Days(UserUsageState state, DateOnly from, DateOnly to) =>
    [
        .. state.Days.Where(d => d.Key >= from && d.Key <= to).OrderBy(d => d.Key)
            .Select(d => new DayUsage(d.Key, [.. d.Value.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new ModelUsage(m.Key, m.Value))])),
    ];

    /// <summary>Each model's figures over <paramref name="days"/>, by name.</summary>
    public static IReadOnlyList<ModelUsage> ByModel(IEnumerable<DayUsage> days) =>
    [
        .. days.SelectMany(d => d.Models).GroupBy(m => m.Model, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ModelUsage(g.Key, UsageFigures.Sum(g.Select(m => m.Figures)))),
    ];
}
