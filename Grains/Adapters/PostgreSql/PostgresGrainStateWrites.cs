using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Storage;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// Grain state writes in production, in batches with other grains' writes (<see cref="PostgresWriteBatches"/>): every
/// turn writes three states (its chatroom, its user's quota, its usage record), and PostgreSQL's CPU per turn was
/// mostly per transaction, not per row. The row, the statement and the outcome are Orleans' ADO.NET provider's (which
/// still reads and clears): the same key columns, the version as the ETag, <c>WriteToStorageKey</c>'s statement from
/// deploy/sql/001_grain_state.sql, and a version conflict as <see cref="InconsistentStateException"/>. So a state
/// either writes reads back through the other, and silos of an earlier release write the same rows alike.
/// </summary>
public sealed class PostgresGrainStateWrites
{
    /// <summary>
    /// <c>WriteToStorageKey</c> of deploy/sql/001_grain_state.sql with positional parameters (a batch takes no named
    /// ones): $1 service, $2 state name, $3 and $4 the key's numbers, $5 its string ('' for none), $6 the version
    /// expected (null: no row yet), $7 the payload. One row with the new version (the one expected + 1, or 1), or none
    /// on a conflict.
    /// </summary>
    internal const string WriteStatement = """
        WITH updated AS (
            UPDATE grain_state
            SET payload = $7, version = version + 1, modified_at = now()
            WHERE $6::integer IS NOT NULL AND version = $6
              AND service_id = $1 AND grain_type = $2 AND grain_id_n0 = $3 AND grain_id_n1 = $4 AND grain_id_string = $5
            RETURNING version),
        inserted AS (
            INSERT INTO grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_string, payload, version)
            SELECT $1, $2, $3, $4, $5, $7, 1
            WHERE $6::integer IS NULL
            ON CONFLICT DO NOTHING
            RETURNING version)
        SELECT version FROM updated
        UNION ALL
        SELECT version FROM inserted
        """;

    private readonly PostgresWriteBatches _batches;
    private readonly IGrainStorageSerializer _serializer;
    private readonly string _serviceId;

    public PostgresGrainStateWrites(PostgresWriteBatches batches, IGrainStorageSerializer serializer, IOptions<ClusterOptions> cluster)
    {
        _batches = batches;
        _serializer = serializer;
        _serviceId = cluster.Value.ServiceId;
    }

    /// <summary>
    /// Whether the state's rows are named as this class names them: Orleans' provider rewrites a generic type's name
    /// (a backtick in it), which none of our state names is; such a state is left to it.
    /// </summary>
    public static bool Handles(string stateName) => !stateName.Contains('`', StringComparison.Ordinal);

    public async Task WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (n0, n1, key) = KeyColumns(grainId);
        int? expected = string.IsNullOrWhiteSpace(grainState.ETag) ? null : int.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var payload = _serializer.Serialize(grainState.State).ToMemory();
        var sent = await _batches.WriteAsync(() => [Command()]);

        // The statement returns the row it wrote: none when the version was not the one expected (or a row was there
        // when none was expected), which means another activation wrote.
        if (sent[0].Rows != 1)
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={_serviceId} GrainType={stateName} GrainId={grainId} ETag={grainState.ETag}.");
        }

        // What the statement wrote: the version after the one expected, or 1 for a first write.
        grainState.ETag = ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;

        NpgsqlBatchCommand Command() => new(WriteStatement)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = _serviceId },
                new NpgsqlParameter { Value = stateName },
                new NpgsqlParameter { Value = n0 },
                new NpgsqlParameter { Value = n1 },
                new NpgsqlParameter { Value = key },
                new NpgsqlParameter { Value = expected is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer },
                new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Bytea },
            },
        };
    }

    /// <summary>
    /// The key columns as Orleans' ADO.NET provider fills them: a Guid key's two halves, an integer key in the second
    /// number, a string key in the string; a key extension in the string ('' for none).
    /// </summary>
    internal static (long N0, long N1, string Key) KeyColumns(GrainId grainId)
    {
        if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
        {
            Span<byte> bytes = stackalloc byte[16];
            guid.TryWriteBytes(bytes);
            return (BitConverter.ToInt64(bytes[..8]), BitConverter.ToInt64(bytes[8..]), guidExtension ?? "");
        }

        if (grainId.TryGetIntegerKey(out var integer, out var integerExtension))
        {
            return (0, integer, integerExtension ?? "");
        }

        return (0, 0, grainId.Key.ToString()!);
    }
}
