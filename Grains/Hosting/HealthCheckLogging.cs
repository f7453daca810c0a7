using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Hosting;

public static class HealthCheckLogging
{
    /// <summary>
    /// Health checks answer the orchestrator; their failures are its business, and the outage logs
    /// (<c>StorageOutageLog</c>, <c>ClusterOutages</c>) already say once what is down. ASP.NET Core's health check
    /// service logs every failing probe with the driver's stack trace, a few dozen lines every few seconds per probe
    /// for as long as a store is away, so it logs only what is critical.
    /// </summary>
    public static ILoggingBuilder QuietFailingProbes(this ILoggingBuilder logging) =>
        logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
}
