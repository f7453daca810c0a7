namespace GeminiClone.Grains.Interfaces.Chatrooms;

[GenerateSerializer, Alias("GeminiClone.Chatrooms.FeedbackRating")]
public enum FeedbackRating
{
    Up = 0,
    Down = 1,
}

/// <summary>
/// The owner's rating of an answer. <paramref name="Reason"/> is one of <see cref="FeedbackReasons.All"/>;
/// <paramref name="Comment"/> at most <see cref="FeedbackReasons.CommentMaxLength"/> characters.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.MessageFeedback")]
public sealed record MessageFeedback(FeedbackRating Rating, string? Reason, string? Comment)
{
    /// <summary>When it was given (the chatroom's clock); the UTC day it is counted on for the operators.</summary>
    [Id(3)] public DateTimeOffset At { get; init; }
}

/// <summary>Why an answer was rated as it was: the words clients send, and the operators' counts use.</summary>
public static class FeedbackReasons
{
    public const int CommentMaxLength = 1000;

    public const string Inaccurate = "inaccurate";
    public const string NotHelpful = "not_helpful";
    public const string Harmful = "harmful";
    public const string Outdated = "outdated";
    public const string TooLong = "too_long";
    public const string TooShort = "too_short";
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } = [Inaccurate, NotHelpful, Harmful, Outdated, TooLong, TooShort, Other];

    public static bool IsKnown(string reason) => All.Contains(reason, StringComparer.Ordinal);
}

[GenerateSerializer, Alias("GeminiClone.Chatrooms.FeedbackStatus")]
public enum FeedbackStatus
{
    Saved = 0,
    /// <summary>No such chatroom, or not the caller's.</summary>
    ChatroomNotFound = 1,
    /// <summary>No message at that position.</summary>
    MessageNotFound = 2,
    /// <summary>The message is the user's own: only answers are rated.</summary>
    NotAnAnswer = 3,
}

/// <param name="Message">With <see cref="FeedbackStatus.Saved"/>: the message as stored now.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.FeedbackResult")]
public sealed record FeedbackResult(FeedbackStatus Status, StoredMessage? Message = null);
