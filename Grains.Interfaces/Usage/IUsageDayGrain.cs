using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Usage;

/// <summary>
/// One UTC day of the whole service, keyed by <see cref="UsageDays.Key"/>: figures by model and each user's cost,
/// fed by every user's <see cref="IUserUsageGrain"/>, so operators' figures never need a scan of every user.
/// </summary>
[Alias("GeminiClone.Usage.IUsageDayGrain")]
public interface IUsageDayGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a recorded turn. One-way: a turn never waits for the one grain every turn of the day goes through; the
    /// user's own record, written before this is sent, is the truth a lost message leaves behind. Kept for silos of
    /// releases before <see cref="AddManyAsync"/>, which sent every turn here; silos now send their tallies.
    /// </summary>
    [Alias("Add"), OneWay]
    Task AddAsync(UsageDayEntry entry);

    /// <summary>
    /// Adds a silo's tally since its last call: turns summed by user and model (at most one entry per pair). Awaited,
    /// so a tally the grain did not take is kept by its silo for the next call.
    /// </summary>
    [Alias("AddMany")]
    Task AddManyAsync(IReadOnlyList<UsageDayEntry> entries);

    /// <summary>Account deletion: the user's line goes; the day's totals by model stay.</summary>
    [Alias("ForgetUser")]
    Task ForgetUserAsync(string userId);

    [Alias("GetDay"), ReadOnly]
    Task<ServiceUsageDay> GetAsync();
}

/// <summary>
/// The service's figures over a range of days, from the days' grains (a stateless worker, key 0): by day, by model,
/// and the users who cost most, for operators.
/// </summary>
[Alias("GeminiClone.Usage.IServiceUsageGrain")]
public interface IServiceUsageGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// <paramref name="from"/> to <paramref name="to"/> (UTC days, both included, at most <see cref="UsageDays.MaxRange"/>
    /// days; a wider or reversed range is an <see cref="ArgumentOutOfRangeException"/>), with the
    /// <paramref name="topUsers"/> users who cost most.
    /// </summary>
    [Alias("GetServiceUsage"), ReadOnly]
    Task<ServiceUsage> GetAsync(DateOnly from, DateOnly to, int topUsers);
}
