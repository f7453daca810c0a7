using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
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
    public static async Task<TestCluster> DeployAsync<TClock>(IReadOnlyDictionary<string, string?> settings)
        where TClock : ITestClock
    {
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.AddSiloBuilderConfigurator<SiloConfigurator<TClock>>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator<TClock> : ISiloConfigurator
        where TClock : ITestClock
    {
        public void Configure(ISiloBuilder silo)
        {
            // EmbeddedCluster's storage without its localhost clustering: the test cluster brings its own.
            foreach (var name in StorageNames.All)
            {
                silo.AddMemoryGrainStorage(name);
            }

            silo.UseInMemoryReminderService();
            // The grains read the moved clock; Orleans' reminder service takes the clock registered under its own key,
            // by default the container's, and must keep real time: its start-up and list refreshes wait on timers
            // of that clock, which nobody moves, and a silo whose reminder service never starts never starts.
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, TimeProvider.System);
            silo.Services.AddSingleton<TimeProvider>(TClock.Clock);
            silo.AddGeminiCloneGrains();
        }
    }
}
