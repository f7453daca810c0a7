using GeminiClone.Grains.Persistence;

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
        foreach (var name in StorageNames.All)
        {
            silo.AddMemoryGrainStorage(name);
        }

        silo.UseInMemoryReminderService();
        return silo.AddGeminiCloneGrains();
    }
}
