using GeminiClone.Grains.Adapters.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using Orleans.Configuration;

namespace GeminiClone.Grains.Hosting;

public static class GrainsSiloBuilderExtensions
{
    /// <summary>
    /// What every silo of ours runs with, whatever its clustering and storage: the grains' services, the grain
    /// interface type cache, trace propagation across grain calls, and the dashboard's collectors. The embedded
    /// silo, the production silo and the test cluster all call this, so they cannot drift apart. Called after the
    /// storage providers are registered: it wraps them (<see cref="GuardedGrainStorage"/>).
    /// </summary>
    public static ISiloBuilder AddGeminiCloneGrains(this ISiloBuilder silo)
    {
        silo.Services.AddGeminiCloneDomain();
        silo.Services.AddGrainInterfaceTypeCache();
        GuardedGrainStorage.WrapRegisteredProviders(silo.Services);
        GuardedReminderTable.WrapRegisteredTable(silo.Services);
        silo.Services.AddLogging(logging => logging
            // Both log every failed storage operation with the driver's stack trace, so an outage wrote thousands
            // of lines a second; StorageOutageLog says the same once per outage. (Orleans' state bridge logs to a
            // category named after the provider it calls, which is our wrapper.) Their other errors surface as
            // exceptions in the grain that called them.
            .AddFilter(typeof(GuardedGrainStorage).FullName, LogLevel.Critical)
            .AddFilter("Orleans.Storage.AdoNetGrainStorage", LogLevel.Critical)
            // The reminder service re-reads each of its ranges every few seconds while the table is away and logs
            // every failure (with GuardedReminderTable one line each, still a few a second per silo); what its table
            // does is counted in StorageOutageLog, and reminders that fire late are retried by design.
            .AddFilter("Orleans.Runtime.ReminderService.LocalReminderService", LogLevel.Critical));
        if (Telemetry.TracesExported(silo.Configuration))
        {
            // Two grain call filters (a step of every call in and out) that start activities only a trace exporter
            // reads: without one they found nothing to do on each of a turn's calls (0.4 % of its CPU, and an async
            // step per call and direction).
            silo.AddActivityPropagation();
        }

        // Orleans' million entries cost the dashboard's size readings 6-7 ms a second (SiloHostingOptions.DirectoryCacheSize).
        var directoryCacheSize = SiloHostingOptions.From(silo.Configuration).DirectoryCacheSize;
        silo.Services.Configure<GrainDirectoryOptions>(directory => directory.CacheSize = directoryCacheSize);
        silo.AddDashboard();
        if (!silo.Configuration.GetValue("Dashboard:ProfileGrainCalls", true))
        {
            // The dashboard's methods page times every grain call through a grain call filter (recording only while
            // someone has the dashboard open), and any such filter puts Orleans' incoming filter pipeline on every
            // call: 2.9 KB of a turn's allocations (tests/Benchmarks/README.md, "What an idle silo costs"). Kept by
            // default, since operators read that page; DashboardProfilingTests hold the filter's name.
            foreach (var profiler in silo.Services.Where(service => service.ServiceType == typeof(IIncomingGrainCallFilter)
                && service.ImplementationType?.FullName == "Orleans.Dashboard.Implementation.GrainProfilerFilter").ToList())
            {
                silo.Services.Remove(profiler);
            }
        }

        return silo;
    }
}
