using GeminiClone.Grains.Admin;
using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Users;
using Npgsql;
using NpgsqlTypes;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// The production directory: table <c>user_directory</c> (deploy/sql/005_admin.sql), matched by the rules of
/// <see cref="DirectoryQuery"/> in SQL (pg_trgm's indexes serve the <c>LIKE '%…%'</c> of names and numbers), paged
/// newest first by (created_at, user_id).
/// </summary>
public sealed class PostgresUserDirectory(string connectionString) : IUserDirectory, IAsyncDisposable
{
    private readonly NpgsqlDataSource _database = NpgsqlDataSource.Create(connectionString);

    public async Task WriteAsync(UserDirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = _database.CreateCommand("""
            INSERT INTO user_directory (user_id, mobile_number, name, tier, created_at, last_active_at, suspended)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (user_id) DO UPDATE
            SET mobile_number = EXCLUDED.mobile_number, name = EXCLUDED.name, tier = EXCLUDED.tier, created_at = EXCLUDED.created_at,
                last_active_at = EXCLUDED.last_active_at, suspended = EXCLUDED.suspended, written_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = entry.UserId });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.MobileNumber });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)entry.Tier });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.CreatedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = (object?)entry.LastActiveAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Suspended });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RemoveAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var command = _database.CreateCommand("DELETE FROM user_directory WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UserDirectoryEntry>> FindAsync(
        DirectoryQuery? query, DirectoryPosition? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _database.CreateCommand("""
            SELECT user_id, mobile_number, name, tier, created_at, last_active_at, suspended
            FROM user_directory
            WHERE ($1::text IS NULL
                   OR user_id = $1
                   OR lower(name) LIKE '%' || lower($2) || '%'
                   OR mobile_number LIKE '%' || $3 || '%'
                   OR mobile_number = $4)
              AND ($5::timestamptz IS NULL OR (created_at, user_id) < ($5, $6))
            ORDER BY created_at DESC, user_id DESC
            LIMIT $7
            """);
        command.Parameters.Add(Text(query?.Text));
        command.Parameters.Add(Text(query is null ? null : EscapeLike(query.Text)));
        command.Parameters.Add(Text(query?.Digits));
        command.Parameters.Add(Text(query?.MobileNumber));
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = (object?)after?.CreatedAt.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz,
        });
        command.Parameters.Add(Text(after?.UserId));
        command.Parameters.Add(new NpgsqlParameter { Value = limit });

        var found = new List<UserDirectoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new UserDirectoryEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                (UserTier)reader.GetInt16(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
                reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
                reader.GetBoolean(6)));
        }

        return found;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <summary>What a user typed is matched as text: LIKE's wildcards and its escape character lose their meaning.</summary>
    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
