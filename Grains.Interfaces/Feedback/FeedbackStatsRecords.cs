using System.Globalization;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Interfaces.Feedback;

/// <summary>One rating given (<paramref name="Delta"/> +1) or taken back (-1) for an answer of <paramref name="Model"/>.</summary>
[GenerateSerializer, Alias("GeminiClone.Feedback.FeedbackAdjustment")]
public sealed record FeedbackAdjustment(string Model, FeedbackRating Rating, string? Reason, int Delta);

/// <summary>One day's standing ratings, per model.</summary>
[GenerateSerializer, Alias("GeminiClone.Feedback.DayFeedback")]
public sealed record DayFeedback(DateOnly Day, IReadOnlyList<ModelFeedback> Models);

/// <param name="Model">The model version that wrote the answers (as their messages name it; <c>unknown</c> when none).</param>
/// <param name="Reasons">How many of the ratings gave each reason, per rating; only reasons given.</param>
[GenerateSerializer, Alias("GeminiClone.Feedback.ModelFeedback")]
public sealed record ModelFeedback(string Model, int Up, int Down, IReadOnlyList<ReasonCount> Reasons);

[GenerateSerializer, Alias("GeminiClone.Feedback.ReasonCount")]
public sealed record ReasonCount(FeedbackRating Rating, string Reason, int Count);

public static class FeedbackDays
{
    /// <summary>The most days one report reads (a year and a day).</summary>
    public const int MaxRange = 366;

    /// <summary>The model an answer stored without one is counted under.</summary>
    public const string UnknownModel = "unknown";

    public static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The UTC day a rating given at <paramref name="at"/> is counted on.</summary>
    public static DateOnly Of(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
