using GeminiClone.Grains.Interfaces.Feedback;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Feedback;

/// <summary>Reads a range of days from their day grains; keeps nothing, so any silo may run as many as it needs.</summary>
[StatelessWorker]
public sealed class FeedbackReportGrain : Grain, IFeedbackReportGrain
{
    public async Task<IReadOnlyList<DayFeedback>> GetDaysAsync(DateOnly from, DateOnly to)
    {
        var days = to.DayNumber - from.DayNumber + 1;
        if (days is < 1 or > FeedbackDays.MaxRange)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"A report covers 1 to {FeedbackDays.MaxRange} days, from {nameof(from)} to {nameof(to)}.");
        }

        return await Task.WhenAll(Enumerable.Range(0, days)
            .Select(offset => GrainFactory.GetGrain<IFeedbackStatsGrain>(FeedbackDays.Key(from.AddDays(offset))).GetAsync()));
    }
}
