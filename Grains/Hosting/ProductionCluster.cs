using GeminiClone.Grains.Adapters.PostgreSql;
using GeminiClone.Grains.Adapters.Redis;
using GeminiClone.Grains.Cluster;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;

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
        silo.Services.AddSingleton(settings);
        silo.Services.AddSingleton<MembershipWatch>();
        silo.Services.AddHostedService(services => services.GetRequiredService<MembershipWatch>());
        AddPostgresStores(silo, settings);

        // How fast a dead silo is noticed. Orleans' defaults (5 s probes, 3 missed) take 15 s and more before a killed
        // silo's grains can move, and every request for them waits that long. A probe is a round trip inside one
        // data centre, so 2 s is still a thousand times its normal cost, and two misses in a row (plus the indirect
        // probe through another silo, which guards against one bad link) declare a silo dead in about 4-6 s.
        // Orleans adapts each probe's timeout to observed round trips and stretches it while the local silo looks
        // degraded (up to 4 x ProbeTimeout), which on busy cores pushed detection past 10 s; capped at 3 s, a killed
        // silo is declared dead within about 6 s even then.
        // Operators can still tune every setting (Orleans__Membership__*, e.g. for clusters across regions).
        silo.Services.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = TimeSpan.FromSeconds(2);
            membership.MaxProbeTimeout = TimeSpan.FromSeconds(3);
            membership.NumMissedProbesLimit = 2;
        });
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(SiloHostingOptions.Section + ":Membership"));
        return silo.AddGeminiCloneGrains();
    }

    public static IClientBuilder UseProductionCluster(this IClientBuilder client, ClusterSettings settings)
    {
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.Hosting.ClusterId, settings.Hosting.ServiceId));
        // A gateway learns of silos that joined or died from Redis; once a minute (the default) leaves it sending to
        // a dead silo's gateway long after the cluster knows better.
        client.Configure<GatewayOptions>(gateway => gateway.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        // The per-call deadline: a call whose gateway connection died gets no answer, ever, and Orleans only gives
        // up on it at the response timeout. Every call but a chat turn ([ResponseTimeout] on SendMessage) answers
        // in milliseconds, so 8 s bounds one call without cutting off real work, and keeps a request that makes a
        // single call to a dead cluster within the gateway's promise of an answer in 10 s (see RequestDeadline).
        client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(8));
        client.UseRedisClustering(settings.RedisConnectionString);
        client.Services.AddSingleton<IClientConnectionRetryFilter>(services => new ClusterConnectionRetry(
            settings.Startup.StoreWait, services.GetRequiredService<ILoggerFactory>().CreateLogger<ClusterConnectionRetry>()));
        client.Services.AddGrainInterfaceTypeCache();
        if (Telemetry.TracesExported(client.Configuration))
        {
            // As on the silos (GrainsSiloBuilderExtensions): the filters only carry traces an exporter reads.
            client.AddActivityPropagation();
        }

        client.AddDashboard();
        return client;
    }

    /// <summary>Grain state, reminders and every store of ours in PostgreSQL.</summary>
    private static void AddPostgresStores(ISiloBuilder silo, ClusterSettings settings)
    {
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

        // Every provider's writes (GuardedGrainStorage hands them over) share one pool's batches: group commit. The
        // search and list stores batch their own, so a wait on their tables never holds a grain's state back.
        silo.Services.AddSingleton(_ => PostgresWriteBatches.Open(settings.PostgresConnectionString));
        silo.Services.AddSingleton<PostgresGrainStateWrites>();
        silo.Services.AddSingleton<IChatSearchIndex>(_ => new PostgresChatSearchIndex(settings.PostgresConnectionString));
        silo.Services.AddSingleton<IAttachmentStore>(_ => new PostgresAttachmentStore(settings.PostgresConnectionString));
        silo.Services.AddSingleton<Admin.IUserDirectory>(_ => new PostgresUserDirectory(settings.PostgresConnectionString));
        silo.Services.AddSingleton<Users.IChatroomListStore>(services => new PostgresChatroomListStore(settings.PostgresConnectionString,
            services.GetRequiredService<Serializer<Interfaces.Chatrooms.ChatroomSummary>>(), services.GetRequiredService<StorageOutageLog>()));
        silo.Services.AddSingleton<Audit.IAuditLog>(_ => new PostgresAuditLog(settings.PostgresConnectionString));
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = PostgresInvariant;
            options.ConnectionString = settings.PostgresConnectionString;
        });
    }
}
