namespace GeminiClone.Grains.Usage;

/// <summary>UTC months, as spending caps count them.</summary>
public static class UsageCalendar
{
    /// <summary>The first day of the UTC month of <paramref name="at"/>, which names the month.</summary>
    public static DateOnly MonthOf(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1);

    /// <summary>00:00 UTC on the first of the month after <paramref name="at"/>'s: when a month's cap lifts.</summary>
    public static DateTimeOffset FirstOfNextMonth(DateTimeOffset at) =>
        new DateTimeOffset(MonthOf(at).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMonths(1);
}
