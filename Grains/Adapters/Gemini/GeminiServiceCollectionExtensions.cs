using System.Net;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace GeminiClone.Grains.Adapters.Gemini;

public static class GeminiServiceCollectionExtensions
{
    public const string HttpClientName = "gemini";

    /// <summary>
    /// Registers <see cref="IChatClient"/> as Gemini, the Microsoft.Extensions.AI way (logging and OpenTelemetry
    /// around it), on a factory-made HttpClient whose pipeline is: total timeout → retry (429/500/503 and failed
    /// connections, exponential backoff with jitter, honouring Gemini's retry hint) → circuit breaker → attempt timeout.
    /// When Gemini asks for a longer wait than <see cref="GeminiOptions.MaxRetryDelay"/>, retrying sooner is bound to
    /// fail and only costs the user time: the answer goes back at once, hint included, for a 503 with Retry-After.
    /// </summary>
    public static IServiceCollection AddGeminiChatClient(this IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            // Without the factory's two logging handlers: they open a scope and time every request (1 % of a turn's
            // CPU) to write Information lines production filters out; a failed call is logged once, with its turn,
            // by the chatroom, and a retry by the pipeline below.
            .RemoveAllLoggers()
            .AddResilienceHandler("gemini", static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<GeminiOptions>>().Value;
                pipeline.AddTimeout(options.Timeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                    ShouldHandle = async args => options.MaxRetries > 0 && !IsSingleAttempt(args.Context) && IsWorthRetrying(args.Outcome)
                        && !(args.Outcome.Result is { } response
                             && await GeminiErrors.RetryAfterAsync(response, args.Context.CancellationToken) is { } hint
                             && hint > options.MaxRetryDelay),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryDelay,
                    DelayGenerator = async args => args.Outcome.Result is { } response
                        && await GeminiErrors.RetryAfterAsync(response, args.Context.CancellationToken) is { } hint
                            ? hint
                            : null,
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    ShouldHandle = args => ValueTask.FromResult(IsWorthRetrying(args.Outcome)),
                    FailureRatio = 0.5,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(10),
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });

        // Uploads to the Files API: minutes for a large file, and no retries of a consumed stream.
        services.AddHttpClient(GeminiFiles.HttpClientName, http => http.Timeout = TimeSpan.FromMinutes(5));
        services.TryAddSingleton<IGeminiFileUploads, GeminiFiles>();

        services.AddChatClient(sp => new GeminiChatClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                sp.GetRequiredService<IOptions<GeminiOptions>>().Value))
            .UseLogging()
            .UseOpenTelemetry(configure: telemetry => telemetry.EnableSensitiveData = false);
        return services;
    }

    /// <summary>A caller that retries within its own budget asked for one attempt (GeminiChatProperties.SingleAttempt).</summary>
    private static bool IsSingleAttempt(ResilienceContext context) =>
        context.GetRequestMessage()?.Options.TryGetValue(GeminiChatClient.SingleAttemptOption, out var single) == true && single;

    /// <summary>
    /// What the pipeline retries and counts against the circuit: overload (429), Gemini's own failures (500, 503) and
    /// connections that failed or timed out. Narrower than <see cref="GeminiApiException.IsTransient"/>, which also
    /// tells a client that a 504 or 408 may succeed later, but is not worth spending this turn's time on.
    /// </summary>
    private static bool IsWorthRetrying(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable } => true,
        _ => false,
    };
}
