using System.Buffers;
using GeminiClone.Grains.Interfaces.Attachments;
using Npgsql;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// Attachments in PostgreSQL (deploy/sql/004_attachments.sql): a blob per SHA-256 in 1 MiB chunks, a reference per
/// attachment. Writes go a chunk at a time inside one transaction (a half-written blob is never visible); reads
/// fetch one chunk at a time as the reader moves (<see cref="ChunkedReadStream"/>), so neither holds a file whole.
/// </summary>
public sealed class PostgresAttachmentStore(string connectionString) : IAttachmentStore, IAsyncDisposable
{
    public const int ChunkSize = 1024 * 1024;

    /// <summary>A reference and a blob's deletion can race (foreign key violation); the loser simply runs again.</summary>
    private const int Attempts = 3;

    private readonly NpgsqlDataSource _database = NpgsqlDataSource.Create(connectionString);

    public Task SaveAsync(string attachmentId, string chatroomId, string sha256, long size, Stream content, CancellationToken cancellationToken = default) =>
        RetryOnRaceAsync(async () =>
        {
            var start = content.CanSeek ? content.Position : 0;
            await using var connection = await _database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var isNew = await ExecuteAsync(connection, transaction,
                "INSERT INTO attachment_blob (sha256, size) VALUES ($1, $2) ON CONFLICT DO NOTHING", cancellationToken, sha256, size) == 1;
            if (isNew)
            {
                if (content.CanSeek)
                {
                    content.Position = start;
                }

                await WriteChunksAsync(connection, transaction, sha256, content, cancellationToken);
            }

            await ExecuteAsync(connection, transaction,
                "INSERT INTO attachment_ref (attachment_id, chatroom_id, sha256) VALUES ($1, $2, $3) ON CONFLICT (attachment_id) DO NOTHING",
                cancellationToken, attachmentId, chatroomId, sha256);
            await transaction.CommitAsync(cancellationToken);
        });

    public async Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var command = _database.CreateCommand("SELECT size FROM attachment_blob WHERE sha256 = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = sha256 });
        return await command.ExecuteScalarAsync(cancellationToken) is long size ? new ChunkedReadStream(_database, sha256, size) : null;
    }

    public Task RemoveAsync(string attachmentId, CancellationToken cancellationToken = default) =>
        RemoveWhereAsync("attachment_id", attachmentId, cancellationToken);

    public Task RemoveChatroomAsync(string chatroomId, CancellationToken cancellationToken = default) =>
        RemoveWhereAsync("chatroom_id", chatroomId, cancellationToken);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <summary>Deletes the references, then each of their blobs that nothing refers to any more (its chunks cascade).</summary>
    /// <param name="column">Which references: by <c>attachment_id</c> or by <c>chatroom_id</c> (never user input).</param>
    private Task RemoveWhereAsync(string column, string value, CancellationToken cancellationToken) =>
        RetryOnRaceAsync(async () =>
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var hashes = new List<string>();
            await using (var references = new NpgsqlCommand($"DELETE FROM attachment_ref WHERE {column} = $1 RETURNING sha256", connection, transaction))
            {
                references.Parameters.Add(new NpgsqlParameter { Value = value });
                await using var reader = await references.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    hashes.Add(reader.GetString(0));
                }
            }

            if (hashes.Count > 0)
            {
                await ExecuteAsync(connection, transaction, """
                    DELETE FROM attachment_blob b
                    WHERE b.sha256 = ANY($1) AND NOT EXISTS (SELECT 1 FROM attachment_ref r WHERE r.sha256 = b.sha256)
                    """, cancellationToken, (object)hashes.Distinct().ToArray());
            }

            await transaction.CommitAsync(cancellationToken);
        });

    private static async Task WriteChunksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sha256, Stream content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (var index = 0; ; index++)
            {
                var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken);
                if (filled == 0 && index > 0)
                {
                    return;
                }

                await using var command = new NpgsqlCommand("INSERT INTO attachment_chunk (sha256, index, bytes) VALUES ($1, $2, $3)", connection, transaction);
                command.Parameters.Add(new NpgsqlParameter { Value = sha256 });
                command.Parameters.Add(new NpgsqlParameter { Value = index });
                command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = buffer.AsMemory(0, filled) });
                await command.ExecuteNonQueryAsync(cancellationToken);
                if (filled < ChunkSize)
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RetryOnRaceAsync(Func<Task> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await work();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation && attempt < Attempts)
            {
            }
        }
    }
}
