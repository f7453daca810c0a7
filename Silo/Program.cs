using System.Globalization;
using GeminiClone.Grains.Adapters.Redis;
using GeminiClone.Grains.Cluster;
using GeminiClone.Grains.Hosting;
using GeminiClone.Silo;

// The standalone silo of the production topology: Redis membership, PostgreSQL state, migrations on start.
// `dotnet Silo.dll migrate` applies the database migrations and exits.
// `dotnet Silo.dll reindex` rebuilds the search index from the chatrooms of the running cluster and exits;
// `dotnet Silo.dll schedule-retention` has every chatroom register its retention reminder (Chat:RetentionDays);
// `dotnet Silo.dll sweep-attachments` drops attachments of chatrooms that no longer exist;
// `dotnet Silo.dll sync-directory` rewrites the operators' user directory from the users of the running cluster.
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

if (!await SiloCommands.WaitForStoresAsync(cluster, args))
{
    return 1;
}

if (await SiloCommands.RunMaintenanceAsync(cluster, args) is { } exitCode)
{
    return exitCode;
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
// A silo has no operators' login: keep its port to the cluster's network (deploy/README.md).
app.MapGeminiCloneMetrics(app.Configuration);
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
