using GeminiClone.Grains.Adapters.PostgreSql;
using GeminiClone.Grains.Adapters.Redis;
using GeminiClone.Grains.Cluster;
using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Npgsql;

namespace GeminiClone.Silo;

/// <summary>What the silo does before it serves: wait for its stores, and the one-shot maintenance commands.</summary>
internal static class SiloCommands
{
    /// <summary>
    /// PostgreSQL and Redis may still be starting beside us (a compose or pod start, a restore): waits for them, a
    /// warning line per attempt, and says false with one line once the wait runs out, instead of a stack trace and a
    /// crash loop. The migrations are applied on the way.
    /// </summary>
    public static async Task<bool> WaitForStoresAsync(ClusterSettings cluster, string[] args)
    {
        using (var loggers = LoggerFactory.Create(logging => logging.AddConsole()))
        {
            var wait = cluster.Startup.StoreWait;
            var log = loggers.CreateLogger("Startup");
            try
            {
                await StoreWait.UntilReachableAsync("PostgreSQL", wait, log,
                    cancellation => PostgresMigrations.ApplyAsync(cluster.PostgresConnectionString, loggers.CreateLogger("Migrations"), cancellation));
                if (!args.Contains("migrate"))
                {
                    await StoreWait.UntilReachableAsync("Redis", wait, log, cancellation => RedisReachability.PingAsync(cluster.RedisConnectionString, cancellation));
                }
            }
            catch (Exception e) when (e is StoreUnreachableException or NpgsqlException)
            {
                loggers.Dispose();
                Console.Error.WriteLine($"GeminiClone cannot start: {(e is StoreUnreachableException ? e.Message : $"PostgreSQL refused the migrations: {StoreWait.OneLine(e)}")}");
                return false;
            }
        }

        return true;
    }

    /// <summary>The exit code of the maintenance command <paramref name="args"/> name, or null when they name none (the silo runs).</summary>
    public static async Task<int?> RunMaintenanceAsync(ClusterSettings cluster, string[] args)
    {
        if (args.Contains("migrate"))
        {
            return 0;
        }

        if (args.Contains("reindex"))
        {
            return await AgainstClusterAsync(cluster, args, async (grains, logger) =>
                (await SearchReindex.RunAsync(grains, cluster.PostgresConnectionString, cluster.Hosting.ServiceId, logger)).FailedChatrooms.Count == 0);
        }

        if (args.Contains("sync-directory"))
        {
            return await AgainstClusterAsync(cluster, args, async (grains, logger) =>
                (await UserDirectoryBackfill.RunAsync(grains, cluster.PostgresConnectionString, cluster.Hosting.ServiceId, logger)).Count == 0);
        }

        if (args.Contains("sweep-attachments"))
        {
            using var loggers = LoggerFactory.Create(logging => logging.AddConsole());
            await AttachmentSweep.RunAsync(cluster.PostgresConnectionString, cluster.Hosting.ServiceId, loggers.CreateLogger("Maintenance"));
            return 0;
        }

        if (args.Contains("schedule-retention"))
        {
            return await AgainstClusterAsync(cluster, args, async (grains, logger) =>
            {
                await using var database = NpgsqlDataSource.Create(cluster.PostgresConnectionString);
                var failed = await StoredGrains.ForEachChatroomAsync(
                    database, cluster.Hosting.ServiceId, id => grains.GetGrain<IChatroomGrain>(id).ScheduleRetentionAsync(), logger);
                return failed.Count == 0;
            });
        }

        return null;
    }

    /// <summary>Runs a maintenance command as an Orleans client of the running cluster; exit code 0 when it succeeded.</summary>
    private static async Task<int> AgainstClusterAsync(ClusterSettings cluster, string[] args, Func<IGrainFactory, ILogger, Task<bool>> command)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddLegacyEnvironmentNames();
        builder.UseOrleansClient(client => client.UseProductionCluster(cluster));
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch (StoreUnreachableException e)
        {
            Console.Error.WriteLine($"GeminiClone cannot run the command: {e.Message}");
            return 1;
        }

        var succeeded = await command(host.Services.GetRequiredService<IGrainFactory>(), host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Maintenance"));
        await host.StopAsync();
        return succeeded ? 0 : 1;
    }
}
