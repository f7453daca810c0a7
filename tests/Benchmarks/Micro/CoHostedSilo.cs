using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>
/// A silo co-hosted in the benchmark's process, as the embedded mode runs it (localhost clustering, in-memory storage),
/// without log providers, so the figures are the grains' and not the console's.
/// </summary>
internal static class CoHostedSilo
{
    /// <param name="configure">Settings and services of the benchmark's own, added before the silo's.</param>
    public static async Task<IHost> StartAsync(int siloPort, int gatewayPort, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        builder.UseOrleans(silo => silo.UseEmbeddedCluster(new SiloHostingOptions { SiloPort = siloPort, GatewayPort = gatewayPort }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }
}
