using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace GeminiClone.Grains.Tests.Infrastructure;

/// <summary>
/// A real Orleans test cluster (in-process silos, memory storage) whose clock the tests move. Its silos' Gemini
/// client talks to the Gemini emulator over real HTTP, so chatroom grains run exactly as in production.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime, ITestClock
{
    /// <summary>Static because the test cluster builds silo containers itself; its silos run in this process.</summary>
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));

    public TestCluster Cluster { get; private set; } = null!;

    public GeminiEmulatorServer Gemini { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        Gemini = await GeminiEmulatorServer.StartAsync();
        Cluster = await TestClusters.DeployAsync<ClusterFixture>(new Dictionary<string, string?>
        {
            ["Gemini:ApiKey"] = "emulator-key",
            ["Gemini:BaseUrl"] = Gemini.Url,
            ["Gemini:RetryDelay"] = "00:00:00.010",
            // No automatic titles: their call and write run beside the turns these tests watch (the title tests ask directly).
            ["Chat:Titles:Enabled"] = "false",
        });
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Gemini.DisposeAsync();
    }

    /// <summary>Deactivates every grain, so the next call reloads state from storage.</summary>
    public Task DeactivateAllAsync() => ActivationCollection.DeactivateAllAsync(Grains);
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
