namespace GeminiClone.Cluster.Tests.Infrastructure;

/// <summary>Process-level tests run one at a time: each starts several processes on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
