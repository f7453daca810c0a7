using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>What a failed Gemini call means for the client: the status, a sentence, and Gemini's block reason if any.</summary>
/// <param name="Cause">The exception behind it, for the log; null when Gemini answered but withheld the reply.</param>
public sealed record GeminiFailure(
    ChatTurnStatus Status, string Detail, string? BlockReason = null, TimeSpan? RetryAfter = null, Exception? Cause = null);
