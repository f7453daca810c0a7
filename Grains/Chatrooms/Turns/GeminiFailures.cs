using System.Net;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>Sorts what can go wrong with a Gemini call into what the client is told (502, 503, 504 or 422).</summary>
internal static class GeminiFailures
{
    /// <summary>Gemini's finish reasons that withhold the answer; <c>MAX_TOKENS</c> is not one (the partial answer is kept).</summary>
    private static readonly HashSet<string> WithholdingFinishReasons = new(StringComparer.Ordinal)
    {
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "LANGUAGE",
    };

    /// <summary>The refusal to report when Gemini ended the candidate for safety, recitation or policy; else null.</summary>
    public static GeminiFailure? ForFinishReason(string? finishReason) =>
        finishReason is not null && WithholdingFinishReasons.Contains(finishReason)
            ? new(ChatTurnStatus.Blocked, $"Gemini stopped the reply ({finishReason}), so nothing was stored.", finishReason)
            : null;

    /// <summary>The failure to report for an exception of the Gemini call; null for one that is not about Gemini (a bug).</summary>
    public static GeminiFailure? Classify(Exception exception) => exception switch
    {
        GeminiPromptBlockedException blocked =>
            new(ChatTurnStatus.Blocked, $"Gemini's safety filters blocked this message ({blocked.BlockReason}).", blocked.BlockReason, Cause: exception),
        GeminiApiException { IsTransient: true } api =>
            new(ChatTurnStatus.GeminiUnavailable, "Gemini is overloaded or unavailable; try again shortly.", RetryAfter: api.RetryAfter, Cause: exception),
        GeminiApiException api =>
            new(ChatTurnStatus.GeminiBadResponse, $"Gemini refused the request ({(int)api.StatusCode} {api.Status}).", Cause: exception),
        GeminiBadResponseException bad =>
            new(ChatTurnStatus.GeminiBadResponse, bad.Message, Cause: exception),
        BrokenCircuitException broken =>
            new(ChatTurnStatus.GeminiUnavailable, "Gemini has been failing; requests are paused for a few seconds.", RetryAfter: broken.RetryAfter, Cause: exception),
        TimeoutRejectedException or OperationCanceledException =>
            new(ChatTurnStatus.GeminiTimeout, "Gemini did not answer in time.", Cause: exception),
        HttpRequestException { StatusCode: null or HttpStatusCode.ServiceUnavailable } =>
            new(ChatTurnStatus.GeminiUnavailable, "Gemini could not be reached.", Cause: exception),
        HttpRequestException =>
            new(ChatTurnStatus.GeminiBadResponse, "Gemini's answer could not be read.", Cause: exception),
        _ => null,
    };
}
