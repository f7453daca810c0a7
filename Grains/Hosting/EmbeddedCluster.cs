using GeminiClone.Grains.Adapters.InMemory;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;

namespace GeminiClone.Grains.Hosting;

/// <summary>
/// The embedded default: one silo inside the gateway's process, localhost clustering, state in memory.
/// Nothing to install, nothing survives a restart.
/// </summary>
public static class EmbeddedCluster
{
    public static ISiloBuilder UseEmbeddedCluster(this ISiloBuilder silo, SiloHostingOptions options)
    {
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        silo.AddEmbeddedGrainStorage();
        silo.UseInMemoryReminderService();
        return silo.AddGeminiCloneGrains();
    }

    /// <summary>Every store's grain state in this process's memory (<see cref="EmbeddedGrainStorage"/>): for one silo only.</summary>
    public static ISiloBuilder AddEmbeddedGrainStorage(this ISiloBuilder silo)
    {
        foreach (var name in StorageNames.All)
        {
            silo.Services.AddGrainStorage(name, static (services, _) => ActivatorUtilities.CreateInstance<EmbeddedGrainStorage>(services));
        }

        return silo;
    }
}
