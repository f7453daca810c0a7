using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Api.Auth;

/// <summary>Per-IP throttling of the unauthenticated auth endpoints (<c>AUTH_RATE_LIMIT_PER_MINUTE</c>).</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests per client IP per minute; 0 turns the throttle off (load tests).</summary>
    [Range(0, 1_000_000)]
    public int AuthPermitsPerMinute { get; set; } = 30;
}
