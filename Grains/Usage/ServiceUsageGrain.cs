using GeminiClone.Grains.Interfaces.Usage;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// The service's figures over a range (<see cref="IServiceUsageGrain"/>): asks each day's grain, in parallel, and
/// groups. A stateless worker, so any silo answers and an operator's report never queues behind another.
/// </summary>
[StatelessWorker]
public sealed class ServiceUsageGrain : Grain, IServiceUsageGrain
{
    public async Task<ServiceUsage> GetAsync(DateOnly from, DateOnly to, int topUsers)
    {
        var span = to.DayNumber - from.DayNumber + 1;
        if (span < 1 || span > UsageDays.MaxRange)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"A range is 1 to {UsageDays.MaxRange} days with from <= to; asked {from} to {to}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(topUsers);
        var days = await Task.WhenAll(Enumerable.Range(0, span)
            .Select(offset => GrainFactory.GetGrain<IUsageDayGrain>(UsageDays.Key(from.AddDays(offset))).GetAsync()));
        var models = days.SelectMany(d => d.Models).GroupBy(m => m.Model, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ModelUsage(g.Key, UsageFigures.Sum(g.Select(m => m.Figures))));
        var users = days.SelectMany(d => d.Users).GroupBy(u => u.UserId, StringComparer.Ordinal)
            .Select(g => new UserCost(g.Key, g.Sum(u => u.Cost), g.Sum(u => u.Turns)))
            .OrderByDescending(u => u.Cost).ThenBy(u => u.UserId, StringComparer.Ordinal).Take(topUsers);
        return new ServiceUsage(from, to, [.. days.Select(d => new DayUsage(d.Day, d.Models))], [.. models], [.. users]);
    }
}
