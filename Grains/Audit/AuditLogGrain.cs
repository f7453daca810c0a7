using GeminiClone.Grains.Interfaces.Admin;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Audit;

/// <summary>No state of its own, so every silo runs it locally: the gateway's read never crosses the cluster for it.</summary>
[StatelessWorker]
public sealed class AuditLogGrain(IAuditLog log) : Grain, IAuditLogGrain
{
    public Task<IReadOnlyList<AuditRecord>> ReadAsync(long after, int limit) => log.ReadAsync(after, limit);
}
