using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary><c>PUT /chatroom/:id/messages/:seq/feedback</c>: the caller's rating of that answer, replacing any earlier one.</summary>
/// <param name="Rating"><c>up</c> or <c>down</c>.</param>
/// <param name="Reason">Why: <c>inaccurate</c>, <c>not_helpful</c>, <c>harmful</c>, <c>outdated</c>, <c>too_long</c>, <c>too_short</c> or <c>other</c>.</param>
/// <param name="Comment">In the caller's words, up to 1,000 characters.</param>
public sealed record RateMessageRequest(
    [Required, OneOf(FeedbackRatings.Up, FeedbackRatings.Down)] string Rating,
    [OneOf(FeedbackReasons.Inaccurate, FeedbackReasons.NotHelpful, FeedbackReasons.Harmful, FeedbackReasons.Outdated,
        FeedbackReasons.TooLong, FeedbackReasons.TooShort, FeedbackReasons.Other)] string? Reason = null,
    [TextLength(0, FeedbackReasons.CommentMaxLength, Trimmed = true)] string? Comment = null)
{
    public MessageFeedback ToFeedback() => new(
        Rating == FeedbackRatings.Up ? FeedbackRating.Up : FeedbackRating.Down,
        Reason,
        Comment?.Trim() is { Length: > 0 } comment ? comment : null);
}

/// <summary>The wire names of <see cref="FeedbackRating"/>.</summary>
public static class FeedbackRatings
{
    public const string Up = "up";
    public const string Down = "down";
}

public enum FeedbackRatingData
{
    [JsonStringEnumMemberName(FeedbackRatings.Up)] Up,
    [JsonStringEnumMemberName(FeedbackRatings.Down)] Down,
}

/// <summary>An answer's rating as its owner gave it.</summary>
/// <param name="At">When it was given (a comment changed later keeps the time of its rating).</param>
public sealed record FeedbackData(
    FeedbackRatingData Rating,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Comment,
    DateTime At)
{
    public static FeedbackData? From(MessageFeedback? feedback) => feedback is null ? null : new(
        feedback.Rating == FeedbackRating.Up ? FeedbackRatingData.Up : FeedbackRatingData.Down, feedback.Reason, feedback.Comment, feedback.At.UtcDateTime);
}
