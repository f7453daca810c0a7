namespace GeminiClone.Cluster.Tests.Infrastructure;

// How a cluster test class chooses its rig (a deployment of real silo and gateway processes, ClusterRig):
//
// - The shared rig: [Collection(SharedRigCollection.Name)] and a constructor that takes SharedRig. One healthy
//   deployment (two silos, two gateways, default settings, an operator number in ADMIN_MOBILE_NUMBERS) serves every
//   such class, started once. It suits a test that only uses a healthy cluster. Such a test never kills, stops,
//   restarts, redeploys or reconfigures a process, never stops or alters PostgreSQL or Redis (no ALTER TABLE, no
//   outage), and never counts or deletes rows it did not make: it makes its own users and chatrooms (new users,
//   unique names) and scopes every database query to their ids, because the tests before it left theirs behind.
//   Gemini's latency can be asked per message ([[latency:50]]) rather than set for the emulator.
//
// - A rig of its own: [Collection(ClusterCollection.Name)] and `await using var rig = await ClusterRig.StartAsync(...)`
//   in the test. For everything destructive or particular: killing or stopping a silo or gateway, a redeployment,
//   PostgreSQL or Redis going away, a schema or table changed under the cluster, settings other than the defaults,
//   a deployment started in pieces (ClusterRig.CreateAsync), emulator options for every call.
//
// - No rig: a test of code against the test PostgreSQL only (a fresh database of its own, e.g. the store contracts)
//   takes no collection attribute and runs in parallel with the other such tests.
//
// xUnit runs the parallel collections first, all to their end, and then the collections that disable
// parallelization one after another. So the two rig collections run one test at a time, never beside each other or
// beside the parallel tests: each starts several processes on a 2-core machine, and the outage tests stop the
// PostgreSQL every test uses. The shared rig lives only while its collection runs.

/// <summary>Tests with a rig of their own, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}

/// <summary>Tests on the one shared, healthy rig (<see cref="SharedRig"/>), one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedRigCollection : ICollectionFixture<SharedRig>
{
    public const string Name = "cluster-shared";
}
