using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Api.Adapters.Twilio;

/// <summary>
/// Twilio Programmable Messaging (<c>TWILIO_ACCOUNT_SID</c>, <c>TWILIO_AUTH_TOKEN</c>, <c>TWILIO_FROM</c> or
/// <c>TWILIO_MESSAGING_SERVICE_SID</c>, <c>TWILIO_STATUS_CALLBACK_URL</c>, <c>TWILIO_API_BASE</c>). Without an
/// account SID OTPs are not sent by SMS at all.
/// </summary>
public sealed class TwilioOptions : IValidatableObject
{
    public const string Section = "Twilio";

    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>A Twilio number (E.164) or an alphanumeric sender id.</summary>
    public string? From { get; set; }

    /// <summary>A Messaging Service (<c>MG…</c>): Twilio picks the sender from its pool; wins over <see cref="From"/> for routing.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>
    /// The public URL of <c>POST /webhook/twilio</c>, exactly as Twilio will call it: sent as each message's
    /// StatusCallback, and the URL its signatures are checked over (behind a proxy the gateway cannot know it).
    /// </summary>
    public Uri? StatusCallbackUrl { get; set; }

    /// <summary>Another address for Twilio's REST API (a stand-in in tests); requests keep their path.</summary>
    public Uri? ApiBase { get; set; }

    /// <summary>Messages waiting to go out; when full, a request is answered 503 with Retry-After rather than queued for minutes.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1_000;

    [Range(1, 64)]
    public int MaxConcurrentSends { get; set; } = 8;

    /// <summary>Tries per message, the first included, while Twilio answers 5xx or 429 or cannot be reached.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first wait between tries when Twilio names none; it doubles each time.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait honoured from a Retry-After, so a message never goes out after its code expired.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a request waits for the first try's verdict before answering that the message is on its way.</summary>
    public TimeSpan FirstAttemptWait { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AccountSid);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(AuthToken))
        {
            yield return new ValidationResult("TWILIO_AUTH_TOKEN is required with TWILIO_ACCOUNT_SID.", [nameof(AuthToken)]);
        }

        if (string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(MessagingServiceSid))
        {
            yield return new ValidationResult("Set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID to send SMS through Twilio.", [nameof(From)]);
        }

        foreach (var (name, uri) in new[] { ("TWILIO_STATUS_CALLBACK_URL", StatusCallbackUrl), ("TWILIO_API_BASE", ApiBase) })
        {
            if (uri is not null && (!uri.IsAbsoluteUri || uri.Scheme is not ("https" or "http")))
            {
                yield return new ValidationResult($"{name} must be an absolute http(s) URL.", [name]);
            }
        }

        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay || FirstAttemptWait <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Twilio:RetryDelay and Twilio:FirstAttemptWait must be positive, Twilio:MaxRetryDelay at least RetryDelay.",
                [nameof(RetryDelay)]);
        }
    }
}
