using GeminiClone.Grains.Hosting;

namespace GeminiClone.Api.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// With Redis configured the gateway is an Orleans client of the production cluster and holds no state; with no
    /// cluster settings it co-hosts a silo (localhost clustering, state in memory), so <c>dotnet run --project Api</c>
    /// serves the whole API on a bare machine.
    /// </summary>
    public static WebApplicationBuilder AddGeminiCloneOrleans(this WebApplicationBuilder builder)
    {
        var health = builder.Services.AddHealthChecks();
        builder.Logging.QuietFailingProbes();
        if (ClusterSettings.From(builder.Configuration) is { } cluster)
        {
            builder.UseOrleansClient(client => client.UseProductionCluster(cluster));
            builder.Services.AddClusterConnectionAtStart();
            health.AddCheck<ClusterConnection.ReadinessCheck>("orleans", tags: [HealthTags.Ready]);
            health.AddRedis(cluster.RedisConnectionString, name: "redis", tags: [HealthTags.Ready]);
            if (!string.IsNullOrWhiteSpace(cluster.PostgresConnectionString))
            {
                health.AddNpgSql(cluster.PostgresConnectionString, name: "postgres", tags: [HealthTags.Ready]);
                builder.Services.AddGatewayAttachmentStore(cluster.PostgresConnectionString);
            }
        }
        else
        {
            health.AddCheck<ClusterHealthCheck>("orleans", tags: [HealthTags.Ready]);
            builder.UseOrleans(silo => silo.UseEmbeddedCluster(SiloHostingOptions.From(builder.Configuration)));
        }

        return builder;
    }
}
