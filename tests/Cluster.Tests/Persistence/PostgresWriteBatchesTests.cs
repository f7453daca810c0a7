using GeminiClone.Cluster.Tests.Infrastructure;
using GeminiClone.Grains.Adapters.PostgreSql;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Persistence;

/// <summary>
/// The group commit of small writes (search rows, chatroom list rows), on a database of each test's own. Each write
/// here inserts a row naming its transaction, so a test reads which writes travelled together. The server is made
/// slow on purpose by a transaction that holds the table: the writes already sent wait at the server, and what
/// arrives meanwhile has to wait for them.
/// </summary>
public sealed class PostgresWriteBatchesTests : IAsyncLifetime
{
    private string _database = "";
    private NpgsqlDataSource _source = null!;

    [Fact]
    public async Task Writes_that_arrive_while_batches_are_at_the_server_go_together_in_one_transaction()
    {
        var batches = new PostgresWriteBatches(_source);
        await using var hold = await TableLock.HoldAsync(_database, "written");
        var sent = await SendBatchesThatWaitAsync(batches, hold, first: 0);
        var waiting = Enumerable.Range(100, 10).Select(n => batches.WriteAsync(() => [Insert(n)])).ToList();
        Assert.All(sent.Concat(waiting), write => Assert.False(write.IsCompleted));

        await hold.ReleaseAsync();
        await Task.WhenAll(sent.Concat(waiting));

        var transactions = await TransactionsByWriteAsync();
        Assert.Equal(PostgresWriteBatches.MaxInFlight + 10, transactions.Count);
        Assert.Single(transactions.Where(t => t.Key >= 100).Select(t => t.Value).Distinct());
        Assert.Equal(PostgresWriteBatches.MaxInFlight + 1, transactions.Values.Distinct().Count());
    }

    [Fact]
    public async Task A_write_the_server_refuses_fails_alone_and_the_writes_it_travelled_with_land()
    {
        var batches = new PostgresWriteBatches(_source);
        await using var hold = await TableLock.HoldAsync(_database, "written");
        var sent = await SendBatchesThatWaitAsync(batches, hold, first: 0);
        var before = batches.WriteAsync(() => [Insert(100)]);
        // The same key twice in one write: the table's primary key refuses it.
        var refused = batches.WriteAsync(() => [Insert(101), Insert(101)]);
        var after = batches.WriteAsync(() => [Insert(102)]);

        await hold.ReleaseAsync();
        await Task.WhenAll(sent.Append(before).Append(after));

        var error = await Assert.ThrowsAsync<PostgresException>(() => refused);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        var written = await TransactionsByWriteAsync();
        Assert.Equal([0, 1, 100, 102], written.Keys.Order());
    }

    [Fact]
    public async Task Each_write_gets_back_its_own_statements_outcome_from_a_batch_of_statements_with_and_without_rows()
    {
        var batches = new PostgresWriteBatches(_source);
        await batches.WriteAsync(() => [Insert(1), Insert(2)]);
        await using var hold = await TableLock.HoldAsync(_database, "written");
        var sent = await SendBatchesThatWaitAsync(batches, hold, first: 10);
        var inserted = batches.WriteAsync(() => [Insert(3)]);
        var selectedNone = batches.WriteAsync(() => [Command("SELECT n FROM written WHERE n = 999")]);
        var updatedTwo = batches.WriteAsync(() => [Command("UPDATE written SET tx = tx WHERE n IN (1, 2)")]);
        var selectedOne = batches.WriteAsync(() => [Insert(4), Command("SELECT n FROM written WHERE n = 1")]);

        await hold.ReleaseAsync();
        await Task.WhenAll(sent);

        Assert.Equal(1UL, Assert.Single(await inserted).Rows);
        Assert.Equal(0UL, Assert.Single(await selectedNone).Rows);
        Assert.Equal(2UL, Assert.Single(await updatedTwo).Rows);
        Assert.Equal([1UL, 1UL], (await selectedOne).Select(command => command.Rows));
        var transactions = await TransactionsByWriteAsync();
        Assert.Equal(transactions[3], transactions[4]);
    }

    [Fact]
    public async Task When_a_batch_gets_no_answer_the_writes_waiting_behind_it_fail_with_it_at_once()
    {
        var batches = new PostgresWriteBatches(_source);
        await using var hold = await TableLock.HoldAsync(_database, "written");
        var sent = await SendBatchesThatWaitAsync(batches, hold, first: 0);
        var waiting = Enumerable.Range(100, 3).Select(n => batches.WriteAsync(() => [Insert(n)])).ToList();

        // The sessions of the batches at the server end (as a restart ends them), while the table is still held: the
        // writes waiting would otherwise wait for it and land.
        await hold.TerminateWaitersAsync();

        foreach (var write in sent.Concat(waiting))
        {
            Assert.Equal(PostgresErrorCodes.AdminShutdown, (await Assert.ThrowsAsync<PostgresException>(() => write)).SqlState);
        }

        Assert.Single(waiting.Select(write => write.Exception!.InnerException).Distinct());
        await hold.ReleaseAsync();
        Assert.Empty(await TransactionsByWriteAsync());
    }

    [Fact]
    public async Task When_the_server_does_not_answer_every_write_fails_with_the_outage()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(_database) { Port = LoopbackPorts.Next(), Timeout = 2 }.ConnectionString;
        await using var source = NpgsqlDataSource.Create(unreachable);
        var batches = new PostgresWriteBatches(source);

        var writes = Enumerable.Range(0, 5).Select(n => batches.WriteAsync(() => [Insert(n)])).ToList();

        foreach (var write in writes)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => write);
            Assert.True(StorageFailures.IsOutage(error), error.ToString());
            Assert.False(StorageFailures.MayHaveLanded(error), error.ToString());
        }
    }

    public async Task InitializeAsync()
    {
        _database = await TestServers.CreateDatabaseAsync();
        _source = NpgsqlDataSource.Create(_database);
        await using var create = _source.CreateCommand("CREATE TABLE written (n integer PRIMARY KEY, tx bigint NOT NULL)");
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _source.DisposeAsync();

    /// <summary>
    /// One write per batch the batches send at once, from key <paramref name="first"/> on, once each waits at the held
    /// table: what is written after this waits for them.
    /// </summary>
    private static async Task<List<Task<IReadOnlyList<NpgsqlBatchCommand>>>> SendBatchesThatWaitAsync(PostgresWriteBatches batches, TableLock hold, int first)
    {
        var sent = Enumerable.Range(first, PostgresWriteBatches.MaxInFlight).Select(n => batches.WriteAsync(() => [Insert(n)])).ToList();
        await hold.WaitForWaitersAsync(PostgresWriteBatches.MaxInFlight);
        return sent;
    }

    private static NpgsqlBatchCommand Command(string sql) => new(sql);

    private static NpgsqlBatchCommand Insert(int n) =>
        new("INSERT INTO written (n, tx) VALUES ($1, txid_current())") { Parameters = { new NpgsqlParameter { Value = n } } };

    private async Task<Dictionary<int, long>> TransactionsByWriteAsync()
    {
        var written = new Dictionary<int, long>();
        await using var command = _source.CreateCommand("SELECT n, tx FROM written");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            written[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return written;
    }
}
