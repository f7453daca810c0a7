using System.Globalization;
using GeminiClone.Grains.Attachments;
using GeminiClone.Grains.Cluster;
using GeminiClone.Grains.Configuration;
using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Search;
using Npgsql;

// The standalone silo of the production topology: Redis membership, PostgreSQL state, migrations on start.
// `dotnet Silo.dll migrate` applies the database migrations and exits.
// `dotnet Silo.dll reindex` rebuilds the search index from the chatrooms of the running cluster and exits;
// `dotnet Silo.dll schedule-retention` has every chatroom register its retention reminder (Chat:RetentionDays);
// `dotnet Silo.dll sweep-attachments` drops attachments of chatrooms that no longer exist.
// ICU is on for Unicode normalization; formatting and comparison stay the same on every machine.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLegacyEnvironmentNames();

var cluster = ClusterSettings.From(builder.Configuration);
if (cluster is null || string.IsNullOrWhiteSpace(cluster.PostgresConnectionString))
{
    Console.Error.WriteLine(
        "A silo needs Redis for membership and PostgreSQL for grain state: set REDIS_HOST (and REDIS_PORT, REDIS_PASSWORD) " +
        "or ConnectionStrings__Redis, and DATABASE_URL (postgresql://user:pass@host:port/db) or ConnectionStrings__Postgres. " +
        "For a single process with no servers, run the Api instead: dotnet run --project Api.");
    return 1;
}

// PostgreSQL and Redis may still be starting beside us (a compose or pod start, a restore): wait for them, a warning
// line per attempt, and exit 1 with one line once the wait runs out, instead of a stack trace and a crash loop.
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
        return 1;
    }
}

if (args.Contains("migrate"))
{
    return 0;
}

if (args.Contains("reindex"))
{
    return await AgainstClusterAsync(cluster, args, async (grains, logger) =>
        (await SearchReindex.RunAsync(grains, cluster.PostgresConnectionString, cluster.Hosting.ServiceId, logger)).FailedChatrooms.Count == 0);
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
        var failed = await StoredChatrooms.ForEachAsync(
            database, cluster.Hosting.ServiceId, id => grains.GetGrain<IChatroomGrain>(id).ScheduleRetentionAsync(), logger);
        return failed.Count == 0;
    });
}

builder.UseOrleans(silo => silo.UseProductionCluster(cluster, builder.Configuration));
builder.Services.AddGeminiCloneTelemetry(builder.Configuration, "gemini-clone-silo");
builder.Logging.QuietFailingProbes();
builder.Services.AddHealthChecks()
    .AddNpgSql(cluster.PostgresConnectionString, name: "postgres", tags: [HealthTags.Ready])
    .AddRedis(cluster.RedisConnectionString, name: "redis", tags: [HealthTags.Ready])
    .AddCheck<ClusterHealthCheck>("orleans", tags: [HealthTags.Ready])
    .AddCheck<MembershipWatch>("membership", tags: [HealthTags.Ready, HealthTags.Live]);

var app = builder.Build();
app.MapHealthChecks("/health/live", new() { Predicate = check => check.Tags.Contains(HealthTags.Live) });
app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(HealthTags.Ready) });
try
{
    await app.StartAsync();
}
catch (Exception e) when (StoreWait.CausedByUnreachableStore(e))
{
    // A store that went away between the wait above and the silo's join.
    Console.Error.WriteLine($"GeminiClone cannot start: the silo could not join the cluster: {StoreWait.OneLine(e)}");
    return 1;
}

await app.WaitForShutdownAsync();
return 0;

/// <summary>Runs a maintenance command as an Orleans client of the running cluster; exit code 0 when it succeeded.</summary>
static async Task<int> AgainstClusterAsync(ClusterSettings cluster, string[] args, Func<IGrainFactory, ILogger, Task<bool>> command)
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
