using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Feedback;

/// <summary>
/// The operators' counts of one UTC day's ratings, per model: how many answers stand rated up and down (and why), by
/// the day each rating was given. Keyed by the day, <c>yyyy-MM-dd</c> (<see cref="FeedbackDays.Key"/>). A rating that
/// changes or is cleared is taken back from the day it was counted on, so nothing is counted twice.
/// </summary>
[Alias("GeminiClone.Feedback.IFeedbackStatsGrain")]
public interface IFeedbackStatsGrain : IGrainWithStringKey
{
    /// <summary>Adds each adjustment (+1 for a rating given, -1 for one taken back) to the day's counts, in one write.</summary>
    [Alias("Adjust")]
    Task AdjustAsync(IReadOnlyList<FeedbackAdjustment> adjustments);

    [Alias("Get"), ReadOnly]
    Task<DayFeedback> GetAsync();
}

/// <summary>
/// The operators' reading of many days at once (for <c>GET /admin/feedback</c>): one call, the days' grains asked
/// together.
/// </summary>
[Alias("GeminiClone.Feedback.IFeedbackReportGrain")]
public interface IFeedbackReportGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Every day from <paramref name="from"/> to <paramref name="to"/> (both included, at most
    /// <see cref="FeedbackDays.MaxRange"/> days), oldest first; a day without ratings has no models.
    /// </summary>
    [Alias("GetDays"), ReadOnly]
    Task<IReadOnlyList<DayFeedback>> GetDaysAsync(DateOnly from, DateOnly to);
}
