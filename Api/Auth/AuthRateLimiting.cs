using System.Threading.RateLimiting;
using GeminiClone.Api.Problems;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Auth;

/// <summary>Per-client-IP fixed window on the unauthenticated <c>/auth/*</c> endpoints, the first wall against guessing.</summary>
public static class AuthRateLimiting
{
    public const string Policy = "auth";

    public static IServiceCollection AddAuthRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context => PerClientPerMinute(
                context, context.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.AuthPermitsPerMinute));
            limiter.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                return ApiProblems.WriteTooManyRequestsAsync(
                    rejected.HttpContext, "Too many requests from this address; slow down.", retryAfter);
            };
        });

    /// <summary>
    /// <paramref name="permits"/> requests a minute per client address (0 or less: no limit), none queued: what every
    /// anonymous route's policy is, each in a partition of its own.
    /// </summary>
    public static RateLimitPartition<string> PerClientPerMinute(HttpContext context, int permits)
    {
        var clientIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return permits <= 0
            ? RateLimitPartition.GetNoLimiter(clientIp)
            : RateLimitPartition.GetFixedWindowLimiter(clientIp, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
    }
}
