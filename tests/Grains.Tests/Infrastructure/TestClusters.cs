using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace GeminiClone.Grains.Tests.Infrastructure;

/// <summary>A clock the tests move. Static: the test cluster builds each silo's container itself, from a type.</summary>
public interface ITestClock
{
    static abstract FakeTimeProvider Clock { get; }
}

/// <summary>
/// The one way these tests get an Orleans test cluster: in-process silos with the embedded mode's storage, the grains
/// as every silo of ours runs them (<see cref="GrainsSiloBuilderExtensions.AddGeminiCloneGrains"/>), the clock of
/// <typeparamref name="TClock"/>, and what the test changes as settings in configuration-key form.
/// </summary>
public static class TestClusters
{
    public static Task<TestCluster> DeployAsync<TClock>(IReadOnlyDictionary<string, string?> settings)
        where TClock : ITestClock =>
        DeployAsync<TClock, NoChanges>(settings);

    /// <summary>The same silo, then <typeparamref name="TChanges"/> replaces a part of it (e.g. the reminder table).</summary>
    public static async Task<TestCluster> DeployAsync<TClock, TChanges>(IReadOnlyDictionary<string, string?> settings)
        where TClock : ITestClock
        where TChanges : ISiloConfigurator, new()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.AddSiloBuilderConfigurator<SiloConfigurator<TClock>>();
        builder.AddSiloBuilderConfigurator<TChanges>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator<TClock> : ISiloConfigurator
        where TClock : ITestClock
    {
        public void Configure(ISiloBuilder silo)
        {
            // EmbeddedCluster's storage without its localhost clustering: the test cluster (of one silo) brings its own.
            silo.AddEmbeddedGrainStorage();

            silo.UseInMemoryReminderService();
            // Our domain code reads the container's clock, which the tests move. Orleans takes each area's clock by
            // key (TimeProviderNames, ReminderTimeProviderNames), by default the container's: all of those keep real
            // time here. Start-up and the reminder service wait on timers nobody would move (a silo stuck in
            // Silo.StartGrainService), and a moved fake clock fires every periodic timer once per elapsed period
            // (400 days of a usage day's 5 s flush took 53 s). Grain timers run on real time too, as in production.
            silo.Services.AddKeyedSingleton<TimeProvider>(KeyedService.AnyKey, TimeProvider.System);
            silo.Services.AddSingleton<TimeProvider>(TClock.Clock);
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(GrainCalls.Recorder);
            CollectionLog.AddTo(silo.Services);
            silo.AddGeminiCloneGrains();
        }
    }

    private sealed class NoChanges : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
        }
    }
}
