using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Users;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// The production chatroom lists: table <c>user_chatrooms</c> (deploy/sql/006_chatroom_lists.sql), a row per
/// chatroom holding its summary in Orleans' binary format (by the type's <c>[Alias]</c> and <c>[Id]</c>s, so rows
/// written by an older release still load). Every operation goes through <see cref="GuardedGrainStorage.Guard"/>, so
/// an outage leaves as the <see cref="Interfaces.Storage.StorageUnavailableException"/> grain storage's does and is
/// counted in the same outage log: to the user's grain, losing its list or its state is the same failure.
/// </summary>
public sealed class PostgresChatroomListStore : IChatroomListStore, IAsyncDisposable
{
    private const string Store = "PostgreSQL";

    private readonly NpgsqlDataSource _database;
    private readonly PostgresWriteBatches _batches;
    private readonly Serializer<ChatroomSummary> _serializer;
    private readonly StorageOutageLog _outages;

    public PostgresChatroomListStore(string connectionString, Serializer<ChatroomSummary> serializer, StorageOutageLog outages)
    {
        _database = NpgsqlDataSource.Create(connectionString);
        _batches = new PostgresWriteBatches(_database);
        _serializer = serializer;
        _outages = outages;
    }

    public Task<IReadOnlyList<ChatroomSummary>> ReadAsync(string userId, CancellationToken cancellationToken = default) =>
        GuardedGrainStorage.Guard<IReadOnlyList<ChatroomSummary>>(async () =>
        {
            // The summary carries its own id: chatroom_id is there for the key alone.
            await using var command = _database.CreateCommand("SELECT summary FROM user_chatrooms WHERE user_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = userId });
            var chatrooms = new List<ChatroomSummary>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // Only summaries are ever written, so a null here is a damaged row, not an empty one.
                chatrooms.Add(_serializer.Deserialize(reader.GetFieldValue<byte[]>(0))
                    ?? throw new InvalidDataException($"User {userId} has a chatroom row without a summary."));
            }

            return chatrooms;
        }, _outages, Store, write: false);

    public Task WriteAsync(string userId, IReadOnlyCollection<ChatroomSummary> chatrooms, CancellationToken cancellationToken = default)
    {
        if (chatrooms.Count == 0)
        {
            return Task.CompletedTask;
        }

        // One statement, so a write is every row or none. PostgreSQL refuses an upsert that meets the same key twice;
        // a chatroom given twice keeps its last summary, as the memory store does.
        var latest = new Dictionary<string, ChatroomSummary>(chatrooms.Count, StringComparer.Ordinal);
        foreach (var chatroom in chatrooms)
        {
            latest[chatroom.Id] = chatroom;
        }

        return ExecuteAsync("""
            INSERT INTO user_chatrooms (user_id, chatroom_id, summary)
            SELECT $1, chatroom_id, summary FROM unnest($2::text[], $3::bytea[]) AS given (chatroom_id, summary)
            ON CONFLICT (user_id, chatroom_id) DO UPDATE SET summary = EXCLUDED.summary, written_at = now()
            """, cancellationToken, userId,
            new NpgsqlParameter { Value = latest.Keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new NpgsqlParameter { Value = latest.Values.Select(_serializer.SerializeToArray).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
    }

    public Task RemoveAsync(string userId, string chatroomId, CancellationToken cancellationToken = default) =>
        ExecuteAsync("DELETE FROM user_chatrooms WHERE user_id = $1 AND chatroom_id = $2", cancellationToken, userId,
            new NpgsqlParameter { Value = chatroomId });

    public Task RemoveAllAsync(string userId, CancellationToken cancellationToken = default) =>
        ExecuteAsync("DELETE FROM user_chatrooms WHERE user_id = $1", cancellationToken, userId);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <summary>
    /// Runs a write (<c>$1</c> is the user, the rest are <paramref name="parameters"/>) guarded as one, in a batch with
    /// other users' writes (<see cref="PostgresWriteBatches"/>; once handed over it cannot be cancelled): an outage that
    /// broke an open connection says the write may have landed, which an upsert or a delete makes harmless to repeat.
    /// </summary>
    private Task ExecuteAsync(string sql, CancellationToken cancellationToken, string userId, params NpgsqlParameter[] parameters)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return GuardedGrainStorage.Guard(async () =>
        {
            await _batches.WriteAsync(() => [Command()]);
            return true;
        }, _outages, Store, write: true);

        NpgsqlBatchCommand Command()
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = userId });
            foreach (var parameter in parameters)
            {
                // A parameter belongs to one command, and a write may be made again (alone, after its batch failed).
                command.Parameters.Add(parameter.Clone());
            }

            return command;
        }
    }
}
