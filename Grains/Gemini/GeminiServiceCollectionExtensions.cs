using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace GeminiClone.Grains.Gemini;

public static class GeminiServiceCollectionExtensions
{
    public const string HttpClientName = "gemini";

    /// <summary>
    /// Registers <see cref="IChatClient"/> as Gemini, the Microsoft.Extensions.AI way (logging and OpenTelemetry
    /// around it), on a factory-made HttpClient whose pipeline is: total timeout → retry (429/500/503 and failed
    /// connections, exponential backoff with jitter, honouring Gemini's retry hint) → circuit breaker → attempt timeout.
    /// </summary>
    public static IServiceCollection AddGeminiChatClient(this IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("gemini", static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<GeminiOptions>>().Value;
                pipeline.AddTimeout(options.Timeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                    ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && IsTransient(args.Outcome)),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryDelay,
                    DelayGenerator = async args => args.Outcome.Result is { } response
                        && await GeminiErrors.RetryAfterAsync(response, args.Context.CancellationToken) is { } hint
                            ? hint < options.MaxRetryDelay ? hint : options.MaxRetryDelay
                            : null,
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    FailureRatio = 0.5,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(10),
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });

        services.AddChatClient(sp => new GeminiChatClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                sp.GetRequiredService<IOptions<GeminiOptions>>().Value))
            .UseLogging()
            .UseOpenTelemetry(configure: telemetry => telemetry.EnableSensitiveData = false);
        return services;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable } => true,
        _ => false,
    };
}
