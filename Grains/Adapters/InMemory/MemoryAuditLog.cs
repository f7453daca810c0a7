using GeminiClone.Grains.Audit;
using GeminiClone.Grains.Interfaces.Admin;

namespace GeminiClone.Grains.Adapters.InMemory;

/// <summary>
/// The embedded mode's audit log: one process-wide list under a lock, which is right for the embedded mode's single
/// silo (whose state a restart loses as well). Sequences start at 1 and never repeat within the process.
/// </summary>
public sealed class MemoryAuditLog(TimeProvider clock) : IAuditLog
{
    private readonly Lock _gate = new();
    private readonly List<AuditRecord> _records = [];
    private long _lastSequence;

    public Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var record = new AuditRecord(++_lastSequence, entry);
            _records.Add(record);
            return Task.FromResult(record.Sequence);
        }
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Sequences rise along the list, so the first one past "after" is found by halving.
            var start = _records.BinarySearch(new AuditRecord(after, null!), BySequence.Instance);
            start = start >= 0 ? start + 1 : ~start;
            return Task.FromResult<IReadOnlyList<AuditRecord>>(_records.Skip(start).Take(limit).ToList());
        }
    }

    public Task<int> DeleteOlderThanAsync(int retentionDays, CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow().AddDays(-retentionDays);
        lock (_gate)
        {
            return Task.FromResult(_records.RemoveAll(r => r.Entry.At < cutoff));
        }
    }

    private sealed class BySequence : IComparer<AuditRecord>
    {
        public static BySequence Instance { get; } = new();

        public int Compare(AuditRecord? x, AuditRecord? y) => x!.Sequence.CompareTo(y!.Sequence);
    }
}
