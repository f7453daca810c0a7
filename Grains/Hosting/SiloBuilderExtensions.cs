using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Grains.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// The embedded default: one silo inside the gateway's process, localhost clustering, state in memory.
    /// Nothing to install, nothing survives a restart.
    /// </summary>
    public static ISiloBuilder UseEmbeddedCluster(this ISiloBuilder silo, SiloHostingOptions options)
    {
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        foreach (var name in StorageNames.All)
        {
            silo.AddMemoryGrainStorage(name);
        }

        silo.Services.AddGeminiCloneDomain();
        silo.Services.AddGrainInterfaceTypeCache();
        silo.AddActivityPropagation();
        silo.AddDashboard();
        return silo;
    }
}
