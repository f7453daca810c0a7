using System.Net;

namespace GeminiClone.Grains.Gemini;

/// <summary>Gemini could not give an answer; the subclasses say why.</summary>
public abstract class GeminiException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Gemini answered with its error body <c>{"error": {"code", "message", "status"}}</c> (after retries, for transient ones).</summary>
public sealed class GeminiApiException(HttpStatusCode statusCode, string? status, string message, TimeSpan? retryAfter = null)
    : GeminiException($"Gemini returned {(int)statusCode} {status}: {message}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>Google's canonical status, e.g. <c>RESOURCE_EXHAUSTED</c>, <c>UNAVAILABLE</c>, <c>INVALID_ARGUMENT</c>.</summary>
    public string? Status { get; } = status;

    public string GeminiMessage { get; } = message;

    /// <summary>From <c>Retry-After</c> or a <c>google.rpc.RetryInfo</c> detail, when Gemini gave one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Overload and outages: worth retrying later, unlike a request Gemini will always refuse.</summary>
    public bool IsTransient => StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout;
}

/// <summary>Gemini refused the prompt itself (<c>promptFeedback.blockReason</c>), so there is no candidate at all.</summary>
public sealed class GeminiPromptBlockedException(string blockReason, string? detail)
    : GeminiException($"Gemini blocked the prompt: {blockReason}{(detail is null ? "" : $" ({detail})")}")
{
    public string BlockReason { get; } = blockReason;
}

/// <summary>Gemini answered 200 with something we cannot read as an answer.</summary>
public sealed class GeminiBadResponseException(string message, Exception? inner = null) : GeminiException(message, inner);
