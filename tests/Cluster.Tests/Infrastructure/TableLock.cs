using Npgsql;

namespace GeminiClone.Cluster.Tests.Infrastructure;

/// <summary>
/// A transaction that holds a table until it is committed or disposed: every write to the table waits at the server
/// meanwhile. Makes PostgreSQL slow on purpose without a timer: writes sent wait, and what arrives after them queues.
/// </summary>
public sealed class TableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly string _database;

    private TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction, string database) =>
        (_connection, _transaction, _database) = (connection, transaction, database);

    public static async Task<TableLock> HoldAsync(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new TableLock(connection, transaction, connection.Database);
    }

    /// <summary>Waits until <paramref name="count"/> sessions of the database wait for a lock: the writes sent have reached it.</summary>
    public async Task WaitForWaitersAsync(int count)
    {
        await using var admin = new NpgsqlConnection(TestServers.Postgres);
        await admin.OpenAsync();
        for (var waited = TimeSpan.Zero; ; waited += TimeSpan.FromMilliseconds(20))
        {
            var waiting = await admin.CountAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'", _database);
            if (waiting >= count)
            {
                return;
            }

            if (waited > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{waiting} of {count} sessions reached the lock in 30 s.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Ends the sessions waiting for the lock, as a server shutting down ends them (57P01).</summary>
    public async Task TerminateWaitersAsync()
    {
        await using var admin = new NpgsqlConnection(TestServers.Postgres);
        await admin.OpenAsync();
        await admin.CountAsync(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'", _database);
    }

    public Task ReleaseAsync() => _transaction.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
