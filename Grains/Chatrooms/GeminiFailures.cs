using System.Net;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>Sorts what can go wrong with a Gemini call into what the client is told (502, 503, 504 or 422).</summary>
internal static class GeminiFailures
{
    public static (ChatTurnStatus Status, string Detail)? Classify(Exception exception) => exception switch
    {
        GeminiPromptBlockedException blocked =>
            (ChatTurnStatus.Blocked, $"Gemini's safety filters blocked this message ({blocked.BlockReason})."),
        GeminiApiException { IsTransient: true } =>
            (ChatTurnStatus.GeminiUnavailable, "Gemini is overloaded or unavailable; try again shortly."),
        GeminiApiException api =>
            (ChatTurnStatus.GeminiBadResponse, $"Gemini refused the request ({(int)api.StatusCode} {api.Status})."),
        GeminiBadResponseException =>
            (ChatTurnStatus.GeminiBadResponse, "Gemini returned an answer that could not be read."),
        BrokenCircuitException =>
            (ChatTurnStatus.GeminiUnavailable, "Gemini has been failing; requests are paused for a few seconds."),
        TimeoutRejectedException or OperationCanceledException =>
            (ChatTurnStatus.GeminiTimeout, "Gemini did not answer in time."),
        HttpRequestException { StatusCode: null or HttpStatusCode.ServiceUnavailable } =>
            (ChatTurnStatus.GeminiUnavailable, "Gemini could not be reached."),
        HttpRequestException =>
            (ChatTurnStatus.GeminiBadResponse, "Gemini's answer could not be read."),
        _ => null,
    };
}
