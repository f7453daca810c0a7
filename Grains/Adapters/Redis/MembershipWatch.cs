using System.Diagnostics;
using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using StackExchange.Redis;

namespace GeminiClone.Grains.Adapters.Redis;

/// <summary>
/// Stops an active silo whose row has gone from the membership table in Redis, which happens only when the table
/// itself was lost (a Redis without persistence that restarted empty, a flushed database): the silo is then no
/// member of any cluster Orleans can see, and it can never become one again, because Orleans inserts a silo's row
/// once, when it joins. Orleans' Redis provider refuses a table without its version on purpose (dotnet/orleans#11313),
/// and Orleans itself stops a silo that a newer view of the table leaves out (<c>MembershipTableManager</c>), so a
/// silo from the old table must not go on serving grains beside silos admitted to a new one. It stops at once, as
/// Orleans stops a silo declared dead, and its orchestrator starts a new one, which joins the table afresh through
/// Orleans' own join protocol. The watch only reads the table and never writes it.
/// While Redis cannot be reached nothing is concluded: the cluster keeps serving through a Redis outage.
/// </summary>
public sealed partial class MembershipWatch(
    ClusterSettings settings,
    IOptions<RedisClusteringOptions> redisClustering,
    IOptions<ClusterOptions> cluster,
    ISiloStatusOracle silo,
    IHostApplicationLifetime lifetime,
    ILogger<MembershipWatch> logger) : BackgroundService, IHealthCheck
{
    /// <summary>How often the silo's own row is looked for: a silo of a lost table should stop well before a replacement can start.</summary>
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private volatile string? _lost;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_lost is { } reason ? HealthCheckResult.Unhealthy(reason) : HealthCheckResult.Healthy());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await HasStartedAsync(stoppingToken))
        {
            return;
        }

        var options = ConfigurationOptions.Parse(settings.RedisConnectionString);
        options.AbortOnConnectFail = false;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var table = redisClustering.Value.CreateRedisKey(cluster.Value);
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (silo.CurrentStatus != SiloStatus.Active)
            {
                continue;
            }

            var row = silo.SiloAddress.ToString();
            RedisValue[] found;
            try
            {
                found = await redis.GetDatabase().HashGetAsync(table, ["Version", row]).WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Redis is away: nothing to conclude, and nothing the silo could do better by stopping.
                continue;
            }

            if (found[0].IsNull || found[1].IsNull)
            {
                StopAsNoLongerAMember(found[0].IsNull ? "has no table version" : "no longer lists this silo");
                return;
            }
        }
    }

    private async Task<bool> HasStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        using (stoppingToken.Register(started.SetResult))
        {
            await started.Task;
        }

        return !stoppingToken.IsCancellationRequested;
    }

    private void StopAsNoLongerAMember(string finding)
    {
        var reason = $"The membership table in Redis {finding} (Redis restarted empty or was flushed): this silo is no member of the cluster any more";
        LogNoLongerAMember(logger, silo.SiloAddress.ToString(), finding);
        // The logger writes from a queue, which the kill below may cut short: this line is written before anything else
        // happens, as the silo's other fatal lines are ("GeminiClone cannot start: …").
        Console.Error.WriteLine($"GeminiClone stops: {reason}");
        // Not a graceful stop: that would announce "shutting down" to a table that does not know us and wait on it,
        // while grains keep being served. Orleans stops a silo it finds dead the same way. A stop asked for from now on
        // (an orchestrator's SIGTERM after the liveness check below fails) kills at once for the same reason.
        lifetime.ApplicationStopping.Register(KillThisProcess);
        _lost = reason;
        // A moment for the queued log line.
        Thread.Sleep(TimeSpan.FromSeconds(1));
        KillThisProcess();
    }

    private static void KillThisProcess() => Process.GetCurrentProcess().Kill();

    [LoggerMessage(LogLevel.Critical,
        "Silo {Silo} stops: the membership table in Redis {Finding}, so Redis lost the table (restarted empty or was flushed) and this silo " +
        "is no member of the cluster any more; a new silo started in its place joins afresh. Run Redis with persistence (appendonly yes)")]
    private static partial void LogNoLongerAMember(ILogger logger, string silo, string finding);
}
