using GeminiClone.Api.Problems;
using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GeminiClone.Api.Hosting;

/// <summary>
/// A gateway listens from its first second, even while no silo can be reached (started before its silos, or while
/// Redis is away): the Orleans client connects beside Kestrel rather than before it, retrying for the start-up wait
/// (<c>ClusterConnectionRetry</c>, wired by <c>UseProductionCluster</c>). Until it is connected <c>/health/live</c>
/// answers 200, <c>/health/ready</c> 503, and every other request a 503 problem with <c>Retry-After</c> at once,
/// rather than a refused connection or a request that waits on a client that cannot send yet.
/// </summary>
public static class ClusterConnection
{
    public static IServiceCollection AddClusterConnectionAtStart(this IServiceCollection services)
    {
        // The Orleans client's start waits for a silo; Kestrel's must not wait for it.
        services.Configure<HostOptions>(host => host.ServicesStartConcurrently = true);
        services.AddTransient<IStartupFilter, AnswerWhileConnecting>();
        return services;
    }

    /// <summary>The host reports started once every hosted service has, the Orleans client among them.</summary>
    private static bool IsConnected(IHostApplicationLifetime lifetime) => lifetime.ApplicationStarted.IsCancellationRequested;

    private sealed class AnswerWhileConnecting(IHostApplicationLifetime lifetime) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (IsConnected(lifetime) || context.Request.Path.StartsWithSegments("/health"))
                {
                    await nextMiddleware(context);
                    return;
                }

                // Ahead of the app's own pipeline, so ahead of its no-sniff middleware too.
                ResponseHeaders.SetNoSniff(context.Response);
                await ApiProblems.WriteUnavailableAsync(context);
            });
            next(app);
        };
    }

    /// <summary>Not ready while connecting; then ready when the cluster has an active silo.</summary>
    public sealed class ReadinessCheck(IHostApplicationLifetime lifetime, IGrainFactory grains) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            IsConnected(lifetime)
                ? new ClusterHealthCheck(grains).CheckHealthAsync(context, cancellationToken)
                : Task.FromResult(HealthCheckResult.Unhealthy("Connecting to the cluster"));
    }
}
