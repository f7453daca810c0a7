using System.Globalization;
using System.Text.Json;
using GeminiClone.Grains.Audit;
using GeminiClone.Grains.Interfaces.Admin;
using Npgsql;
using NpgsqlTypes;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// The production audit log: table <c>audit_log</c> (deploy/sql/005_admin.sql), whose trigger refuses every
/// change but the retention job's deletes. Appends take a table lock (which readers do not wait for) until they
/// commit, so sequences become visible in order: a reader paging with <c>after</c> never passes a sequence that is
/// still to commit, which identity columns alone do not promise.
/// </summary>
public sealed class PostgresAuditLog(string connectionString) : IAuditLog, IAsyncDisposable
{
    /// <summary>The setting the trigger reads: a transaction that sets it may delete rows older than its days.</summary>
    private const string RetentionSetting = "geminiclone.audit_retention_days";

    private readonly NpgsqlDataSource _database = NpgsqlDataSource.Create(connectionString);

    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var serialize = new NpgsqlCommand("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE", connection, transaction))
        {
            await serialize.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = new NpgsqlCommand(
            "INSERT INTO audit_log (at, kind, actor, subject, ip_address, details) VALUES ($1, $2, $3, $4, $5, $6) RETURNING sequence",
            connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = entry.At.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter { Value = entry.Kind });
        insert.Parameters.Add(new NpgsqlParameter { Value = entry.Actor });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Subject ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.IpAddress ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(entry.Details), NpgsqlDbType = NpgsqlDbType.Jsonb });
        var sequence = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return sequence;
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _database.CreateCommand(
            "SELECT sequence, at, kind, actor, subject, ip_address, details::text FROM audit_log WHERE sequence > $1 ORDER BY sequence LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new AuditRecord(reader.GetInt64(0), new AuditEntry(
                new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(6)) ?? [])));
        }

        return records;
    }

    public async Task<int> DeleteOlderThanAsync(int retentionDays, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var allow = new NpgsqlCommand($"SELECT set_config('{RetentionSetting}', $1, true)", connection, transaction))
        {
            allow.Parameters.Add(new NpgsqlParameter { Value = retentionDays.ToString(CultureInfo.InvariantCulture) });
            await allow.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var delete = new NpgsqlCommand("DELETE FROM audit_log WHERE at < now() - make_interval(days => $1)", connection, transaction);
        delete.Parameters.Add(new NpgsqlParameter { Value = retentionDays });
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
