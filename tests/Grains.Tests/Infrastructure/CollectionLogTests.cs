namespace GeminiClone.Grains.Tests.Infrastructure;

/// <summary>The lines a stalled collection's report carries are there: a log filter that kept nothing would say nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CollectionLogTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_forced_collection_leaves_the_silo_control_and_collector_lines_in_the_log()
    {
        var started = DateTimeOffset.UtcNow;

        await fixture.DeactivateAllAsync();

        var lines = CollectionLog.Since(started);
        Assert.Contains(lines, line => line.Contains("SiloControl Information: ForceActivationCollection", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("ActivationCollector Debug: Before collection", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Contains(line.Split(' ')[1], (string[])["ManagementGrain", "MembershipTableManager", "SiloControl", "ActivationCollector"]));
    }
}
