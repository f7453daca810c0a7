using System.Net;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>What a failed Gemini call means for the client: the status, a sentence, and Gemini's block reason if any.</summary>
internal sealed record GeminiFailure(ChatTurnStatus Status, string Detail, string? BlockReason = null, TimeSpan? RetryAfter = null);

/// <summary>Sorts what can go wrong with a Gemini call into what the client is told (502, 503, 504 or 422).</summary>
internal static class GeminiFailures
{
    public static GeminiFailure? Classify(Exception exception) => exception switch
    {
        GeminiReplyBlockedException blocked =>
            new(ChatTurnStatus.Blocked, $"Gemini stopped the reply ({blocked.Reason}), so nothing was stored.", blocked.Reason),
        GeminiPromptBlockedException blocked =>
            new(ChatTurnStatus.Blocked, $"Gemini's safety filters blocked this message ({blocked.BlockReason}).", blocked.BlockReason),
        GeminiApiException { IsTransient: true } api =>
            new(ChatTurnStatus.GeminiUnavailable, "Gemini is overloaded or unavailable; try again shortly.", RetryAfter: api.RetryAfter),
        GeminiApiException api =>
            new(ChatTurnStatus.GeminiBadResponse, $"Gemini refused the request ({(int)api.StatusCode} {api.Status})."),
        GeminiBadResponseException bad =>
            new(ChatTurnStatus.GeminiBadResponse, bad.Message),
        BrokenCircuitException broken =>
            new(ChatTurnStatus.GeminiUnavailable, "Gemini has been failing; requests are paused for a few seconds.", RetryAfter: broken.RetryAfter),
        TimeoutRejectedException or OperationCanceledException =>
            new(ChatTurnStatus.GeminiTimeout, "Gemini did not answer in time."),
        HttpRequestException { StatusCode: null or HttpStatusCode.ServiceUnavailable } =>
            new(ChatTurnStatus.GeminiUnavailable, "Gemini could not be reached."),
        HttpRequestException =>
            new(ChatTurnStatus.GeminiBadResponse, "Gemini's answer could not be read."),
        _ => null,
    };
}

/// <summary>
/// Gemini ended the candidate for safety, recitation or policy (<c>finishReason</c>): an outcome to report, not a
/// reply to store.
/// </summary>
internal sealed class GeminiReplyBlockedException(string reason) : Exception($"Gemini stopped the reply: {reason}")
{
    /// <summary>Gemini's finish reasons that withhold the answer; <c>MAX_TOKENS</c> is not one (the partial answer is kept).</summary>
    public static readonly IReadOnlySet<string> Reasons = new HashSet<string>(StringComparer.Ordinal)
    {
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "LANGUAGE",
    };

    public string Reason { get; } = reason;
}
