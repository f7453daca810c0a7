using System.Globalization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace GeminiClone.Grains.Adapters.InMemory;

/// <summary>
/// Grain state for the embedded default's one silo: serialized as every store holds it (a grain's state shares no
/// object with the store, and a type that would not survive a real store's round trip fails here too) and kept in this
/// process's memory, with Orleans' version (ETag) checks. Orleans' <c>MemoryGrainStorage</c> keeps the same bytes in
/// storage grains, so that the silos of a test cluster share them: every write was one more grain call and a deep
/// copy of the bytes: a third of an embedded plain turn's grain calls (9.36 → 6.19, tests/Benchmarks/README.md, "Embedded state").
/// One silo needs neither; nothing survives a restart either way.
/// </summary>
public sealed class EmbeddedGrainStorage(IGrainStorageSerializer serializer, IActivatorProvider activators) : IGrainStorage
{
    private readonly Dictionary<(string StateName, GrainId GrainId), Stored> _stored = [];
    private readonly Lock _gate = new();
    private long _writes;

    /// <summary>A record and its version; a cleared record keeps its place (null data) so a stale write is still refused.</summary>
    private sealed record Stored(BinaryData? Data, string ETag);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Stored? stored;
        lock (_gate)
        {
            _stored.TryGetValue((stateName, grainId), out stored);
        }

        var state = stored?.Data is { } data ? serializer.Deserialize<T>(data) : default;
        grainState.State = state ?? activators.GetActivator<T>().Create();
        grainState.ETag = stored?.Data is null ? null : stored.ETag;
        grainState.RecordExists = state is not null;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Serialized outside the lock: it is the write's whole cost, and the lock guards only the version check.
        var data = serializer.Serialize(grainState.State);
        var written = new Stored(data, NewETag());
        lock (_gate)
        {
            Check(stateName, grainId, grainState.ETag);
            _stored[(stateName, grainId)] = written;
        }

        grainState.ETag = written.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_gate)
        {
            Check(stateName, grainId, grainState.ETag);
            _stored[(stateName, grainId)] = new Stored(null, NewETag());
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A write or clear must name the version it read: none for a record never written or since cleared. Anything else
    /// is another activation's write in between, refused as every store refuses it.
    /// </summary>
    private void Check(string stateName, GrainId grainId, string? expected)
    {
        var current = _stored.TryGetValue((stateName, grainId), out var stored) && stored.Data is not null ? stored.ETag : null;
        if (expected != current)
        {
            throw new InconsistentStateException(
                $"Version conflict on {stateName} of {grainId}: stored {current ?? "none"}, written from {expected ?? "none"}.",
                current ?? "", expected ?? "");
        }
    }

    /// <summary>
    /// A version that changes with every write: the process's count of writes (state lives only as long as the
    /// process), which costs nothing where a Guid costs a system call.
    /// </summary>
    private string NewETag() => Interlocked.Increment(ref _writes).ToString(CultureInfo.InvariantCulture);
}
