using GeminiClone.Grains.Interfaces.Admin;

namespace GeminiClone.Grains.Audit;

/// <summary>
/// Where audit events are kept: append-only. PostgreSQL in production (table <c>audit_log</c>, whose trigger refuses
/// changes, <c>Grains/Adapters/PostgreSql/PostgresAuditLog</c>), the process in the single-silo embedded mode
/// (<c>Grains/Adapters/InMemory/MemoryAuditLog</c>). The service's own code only appends and reads; only
/// <see cref="AuditRetention"/> deletes, and only what is older than the retention.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends the entry; its sequence, above every sequence already readable.</summary>
    Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> entries with a sequence above <paramref name="after"/>, in sequence order.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The retention job: deletes entries older than <paramref name="retentionDays"/> days; how many went.</summary>
    Task<int> DeleteOlderThanAsync(int retentionDays, CancellationToken cancellationToken = default);
}
