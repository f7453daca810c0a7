using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace GeminiClone.Grains.Hosting;

/// <summary>
/// The production topology: silos find each other (and clients find silos) through Redis, and grain state lives
/// in PostgreSQL, so any process can die and another picks up its grains with their state.
/// </summary>
public static class ProductionCluster
{
    /// <summary>Npgsql's ADO.NET invariant name, which the storage provider resolves to its factory.</summary>
    public const string PostgresInvariant = "Npgsql";

    public static ISiloBuilder UseProductionCluster(this ISiloBuilder silo, ClusterSettings settings, IConfiguration configuration)
    {
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.Hosting.ClusterId, settings.Hosting.ServiceId));
        if (settings.Hosting.AdvertisedIPAddress is { Length: > 0 } advertised)
        {
            silo.ConfigureEndpoints(System.Net.IPAddress.Parse(advertised), settings.Hosting.SiloPort, settings.Hosting.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(settings.Hosting.SiloPort, settings.Hosting.GatewayPort, listenOnAnyHostAddress: true);
        }

        silo.UseRedisClustering(settings.RedisConnectionString);
        foreach (var name in StorageNames.All)
        {
            silo.AddAdoNetGrainStorage(name, options =>
            {
                options.Invariant = PostgresInvariant;
                options.ConnectionString = settings.PostgresConnectionString;
                // A deleted chatroom is deleted, not kept as an empty row.
                options.DeleteStateOnClear = true;
            });
        }

        // How fast a dead silo is noticed; the defaults suit most clusters (ORLEANS_MEMBERSHIP__*).
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(SiloHostingOptions.Section + ":Membership"));
        silo.Services.AddGeminiCloneDomain();
        silo.Services.AddGrainInterfaceTypeCache();
        silo.AddActivityPropagation();
        silo.AddDashboard();
        return silo;
    }

    public static IClientBuilder UseProductionCluster(this IClientBuilder client, ClusterSettings settings)
    {
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.Hosting.ClusterId, settings.Hosting.ServiceId));
        client.UseRedisClustering(settings.RedisConnectionString);
        client.Services.AddGrainInterfaceTypeCache();
        client.AddActivityPropagation();
        client.AddDashboard();
        return client;
    }
}

/// <summary>Where the production cluster's parts are, read while the host is built.</summary>
public sealed record ClusterSettings(SiloHostingOptions Hosting, string RedisConnectionString, string PostgresConnectionString)
{
    /// <summary>
    /// Production mode is on when Redis is configured (<c>REDIS_HOST</c> or <c>ConnectionStrings:Redis</c>); then the
    /// silo also needs PostgreSQL. Null means the embedded default.
    /// </summary>
    public static ClusterSettings? From(IConfiguration configuration)
    {
        var redis = RedisConnectionStringFrom(configuration);
        if (redis is null)
        {
            return null;
        }

        return new ClusterSettings(SiloHostingOptions.From(configuration), redis, configuration.GetConnectionString("Postgres") ?? "");
    }

    public static string? RedisConnectionStringFrom(IConfiguration configuration)
    {
        if (configuration.GetConnectionString("Redis") is { Length: > 0 } connectionString)
        {
            return connectionString;
        }

        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>();
        if (redis is not { IsConfigured: true })
        {
            return null;
        }

        var password = string.IsNullOrEmpty(redis.Password) ? "" : $",password={redis.Password}";
        return $"{redis.Host}:{redis.Port}{password},abortConnect=false";
    }
}
