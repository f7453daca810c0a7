using GeminiClone.Grains.Hosting;

namespace GeminiClone.Api.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// With no cluster settings the gateway co-hosts a silo (localhost clustering, state in memory), so
    /// <c>dotnet run --project Api</c> serves the whole API on a bare machine.
    /// </summary>
    public static WebApplicationBuilder AddGeminiCloneOrleans(this WebApplicationBuilder builder)
    {
        var silo = SiloHostingOptions.From(builder.Configuration);
        builder.UseOrleans(orleans => orleans.UseEmbeddedCluster(silo));
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("orleans", tags: [Endpoints.ServiceEndpoints.ReadyTag]);
        return builder;
    }
}
