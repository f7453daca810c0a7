using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Gemini;

/// <summary>Gemini's REST API (<c>GEMINI_API_KEY</c>, <c>GEMINI_BASE_URL</c>, <c>GEMINI_MODEL</c>).</summary>
public sealed class GeminiOptions
{
    public const string Section = "Gemini";

    /// <summary>Empty means not configured: chat answers 503 and everything else keeps working.</summary>
    public string? ApiKey { get; set; }

    [Required, Url]
    public string BaseUrl { get; set; } = "https://generativelanguage.googleapis.com";

    [Required, RegularExpression("^[A-Za-z0-9._-]+$", ErrorMessage = "GEMINI_MODEL must be a bare model name such as gemini-2.5-flash.")]
    public string Model { get; set; } = "gemini-2.5-flash";

    /// <summary>
    /// The whole call, retries included. Capped at 80 s because the chatroom's send has a 100 s grain response
    /// timeout (<c>[ResponseTimeout]</c> on <c>IChatroomGrain.SendMessageAsync</c>) that must stay above it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:20")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>One attempt, until the response headers arrive.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:20")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of 429, 500 and 503 answers and of failed connections.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff; doubled each retry, with jitter, unless Gemini says how long to wait.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait we honour from Gemini's retry hint; a longer hint is cut to this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);
}
