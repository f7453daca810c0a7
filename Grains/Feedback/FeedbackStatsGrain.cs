using System.Globalization;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Feedback;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Feedback;

/// <summary>One UTC day's counts of standing ratings per model; the chatrooms adjust them as ratings come and go.</summary>
public sealed class FeedbackStatsGrain(
    [PersistentState("feedback-day", StorageNames.Feedback)] IPersistentState<FeedbackStatsState> stats)
    : Grain, IFeedbackStatsGrain
{
    public async Task AdjustAsync(IReadOnlyList<FeedbackAdjustment> adjustments)
    {
        if (adjustments.Count == 0)
        {
            return;
        }

        foreach (var adjustment in adjustments)
        {
            stats.State.Apply(adjustment);
        }

        await stats.WriteStateAsync();
    }

    public Task<DayFeedback> GetAsync() =>
        Task.FromResult(new DayFeedback(DateOnly.ParseExact(this.GetPrimaryKeyString(), "yyyy-MM-dd", CultureInfo.InvariantCulture), stats.State.ToModels()));
}

[GenerateSerializer, Alias("GeminiClone.Feedback.FeedbackStatsState")]
public sealed class FeedbackStatsState
{
    [Id(0)] public Dictionary<string, ModelTally> Models { get; set; } = new(StringComparer.Ordinal);

    internal void Apply(FeedbackAdjustment adjustment)
    {
        if (!Models.TryGetValue(adjustment.Model, out var tally))
        {
            Models[adjustment.Model] = tally = new ModelTally();
        }

        tally.Apply(adjustment);
        if (tally.IsEmpty)
        {
            Models.Remove(adjustment.Model);
        }
    }

    internal IReadOnlyList<ModelFeedback> ToModels() =>
    [
        .. Models.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new ModelFeedback(
            m.Key, m.Value.Up, m.Value.Down,
            [
                .. m.Value.UpReasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ReasonCount(FeedbackRating.Up, r.Key, r.Value)),
                .. m.Value.DownReasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ReasonCount(FeedbackRating.Down, r.Key, r.Value)),
            ])),
    ];
}

/// <summary>One model's counts on one day. Never below zero: a take-back of a rating this day never counted is ignored.</summary>
[GenerateSerializer, Alias("GeminiClone.Feedback.ModelTally")]
public sealed class ModelTally
{
    [Id(0)] public int Up { get; set; }
    [Id(1)] public int Down { get; set; }
    [Id(2)] public Dictionary<string, int> UpReasons { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public Dictionary<string, int> DownReasons { get; set; } = new(StringComparer.Ordinal);

    internal bool IsEmpty => Up == 0 && Down == 0 && UpReasons.Count == 0 && DownReasons.Count == 0;

    internal void Apply(FeedbackAdjustment adjustment)
    {
        if (adjustment.Rating == FeedbackRating.Up)
        {
            Up = Math.Max(0, Up + adjustment.Delta);
        }
        else
        {
            Down = Math.Max(0, Down + adjustment.Delta);
        }

        if (adjustment.Reason is { } reason)
        {
            var reasons = adjustment.Rating == FeedbackRating.Up ? UpReasons : DownReasons;
            var count = Math.Max(0, reasons.GetValueOrDefault(reason) + adjustment.Delta);
            if (count == 0)
            {
                reasons.Remove(reason);
            }
            else
            {
                reasons[reason] = count;
            }
        }
    }
}
