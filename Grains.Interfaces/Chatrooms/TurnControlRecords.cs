namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>A turn that is still generating, as a reloaded page sees it in <c>GET /chatroom/:id</c>.</summary>
/// <param name="Question">The user message being answered (not yet stored).</param>
/// <param name="Text">The answer so far.</param>
/// <param name="Thoughts">The thought summaries so far, when asked for.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnProgress")]
public sealed record TurnProgress(string TurnId, TurnKind Kind, string Question, string Text, string? Thoughts, DateTimeOffset StartedAt);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnAttachStatus")]
public enum TurnAttachStatus
{
    /// <summary>No such turn in this chatroom (or not the caller's, or ended too long ago to be remembered).</summary>
    NotFound = 0,
    /// <summary>Still generating: the catch-up follows, then live events to the observer, then its end.</summary>
    Live = 1,
    /// <summary>Over: <see cref="TurnAttachment.Result"/> is its outcome.</summary>
    Ended = 2,
}

/// <summary>
/// What a reader resuming a turn gets at once. While the turn runs: what it missed after the event it last saw,
/// as at most one thought and one text piece (cut from the text the turn holds, never from a per-reader buffer),
/// and from <see cref="NextSequence"/> on, live events. After the end: the outcome, whose stored message is the truth.
/// </summary>
/// <param name="TextSeen">How much of the answer's text the reader has with the catch-up (to fill a gap at the end).</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnAttachment")]
public sealed record TurnAttachment(
    TurnAttachStatus Status,
    string? CatchUpThoughts = null,
    string? CatchUpText = null,
    int NextSequence = 0,
    int TextSeen = 0,
    ChatTurnResult? Result = null);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnStopStatus")]
public enum TurnStopStatus
{
    /// <summary>No such turn in this chatroom (or not the caller's).</summary>
    NotFound = 0,
    /// <summary>The turn was running and is now stopped; the result says what was kept.</summary>
    Stopped = 1,
    /// <summary>The turn had already ended (stopping is idempotent).</summary>
    AlreadyEnded = 2,
    /// <summary>A chatroom-wide stop found nothing running.</summary>
    NothingRunning = 3,
}

/// <param name="Result">The turn's outcome: the stored partial answer, or <see cref="ChatTurnStatus.Stopped"/> when there was none.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnStopResult")]
public sealed record TurnStopResult(TurnStopStatus Status, string? TurnId = null, ChatTurnResult? Result = null);
