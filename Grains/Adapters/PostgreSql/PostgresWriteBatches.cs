using System.Diagnostics.Metrics;
using Npgsql;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// Group commit for small writes many grains make at once (a turn's search rows, its chatroom's row in the owner's
/// list): a write that arrives while <see cref="MaxInFlight"/> batches are at the server waits for one of them to
/// return, then goes with every write that waited meanwhile, each write's statements one after the other in one round
/// trip and one transaction. PostgreSQL's CPU per turn is mostly per transaction (its network, its commit), not per
/// row (tests/Benchmarks/README.md, "PostgreSQL's writes per turn"); with a batch in flight more writes share one. A
/// write while fewer batches are out goes at once, so a quiet service waits for nothing.
/// </summary>
/// <remarks>
/// A batch is one transaction, so a write is still all of its statements or none. A batch that fails for a reason of
/// its own (PostgreSQL refused a statement, or the write could not be sent) runs each of its writes again alone, so a
/// write that cannot be stored fails itself, not the writes it happened to travel with; an outage (no answer) fails
/// every write of the batch, and each write's caller handles it as it would its own. The batches run off the callers'
/// schedulers (a grain's, for one): nothing of a batch runs on a grain's turn after the write was handed over.
/// </remarks>
/// <param name="database">Where the batches go.</param>
/// <param name="ownsDatabase">Whether disposing this disposes <paramref name="database"/>.</param>
public sealed class PostgresWriteBatches(NpgsqlDataSource database, bool ownsDatabase = false) : IAsyncDisposable
{
    /// <summary>
    /// Batches at the server at once: one more than one, so that a slow write (a catch-up of hundreds of messages)
    /// does not hold every other write back; few, so that writes arriving under load share a batch.
    /// </summary>
    public const int MaxInFlight = 2;

    /// <summary>The most writes one batch carries, so a batch stays a few milliseconds of the server's time.</summary>
    public const int MaxWritesPerBatch = 64;

    /// <summary>Writes per batch sent: how much the group commit gathers (1 at light load), for operators and benchmarks.</summary>
    private static readonly Histogram<int> BatchSizes = new Meter("GeminiClone.Postgres").CreateHistogram<int>(
        "geminiclone.postgres.write_batch.size", "{write}", "Writes sent to PostgreSQL together in one batch (one round trip, one transaction)",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    private readonly Lock _lock = new();
    private readonly Queue<PendingWrite> _waiting = new();
    private int _inFlight;

    /// <summary>Batches on a pool of their own (a silo's: every store's turn writes share it, and so share batches).</summary>
    public static PostgresWriteBatches Open(string connectionString) => new(NpgsqlDataSource.Create(connectionString), ownsDatabase: true);

    /// <summary>
    /// Runs the statements <paramref name="commands"/> makes as one transaction, in a batch with other writes. It may
    /// be called again (a batch that failed runs each of its writes alone), so it makes new commands each time.
    /// </summary>
    public Task WriteAsync(Func<IEnumerable<NpgsqlBatchCommand>> commands) => WriteAsync(commands, readResult: null);

    /// <summary>
    /// As <see cref="WriteAsync(Func{IEnumerable{NpgsqlBatchCommand}})"/>, and <paramref name="readResult"/> reads what
    /// the write's last statement returned (the reader is on that statement's result): it runs after the transaction
    /// committed, so it must only read, and must not throw.
    /// </summary>
    public Task WriteAsync(Func<IEnumerable<NpgsqlBatchCommand>> commands, Func<NpgsqlDataReader, Task>? readResult)
    {
        var write = new PendingWrite(commands, readResult);
        bool start;
        lock (_lock)
        {
            _waiting.Enqueue(write);
            start = _inFlight < MaxInFlight;
            if (start)
            {
                _inFlight++;
            }
        }

        if (start)
        {
            // Not awaited: it completes this write and those that come while it runs. Every await inside leaves the
            // caller's scheduler (ConfigureAwait(false)), so the loop never runs on a grain's turn after this call.
            _ = SendWhileWaitingAsync();
        }

        return write.Done.Task;
    }

    private async Task SendWhileWaitingAsync()
    {
        while (TakeWaiting() is { } writes)
        {
            await SendAsync(writes).ConfigureAwait(false);
        }
    }

    /// <summary>The writes waiting (at most a batch's worth); null, and one batch fewer in flight, when none are.</summary>
    private List<PendingWrite>? TakeWaiting()
    {
        lock (_lock)
        {
            if (_waiting.Count == 0)
            {
                _inFlight--;
                return null;
            }

            var writes = new List<PendingWrite>(Math.Min(_waiting.Count, MaxWritesPerBatch));
            while (writes.Count < MaxWritesPerBatch && _waiting.TryDequeue(out var write))
            {
                writes.Add(write);
            }

            return writes;
        }
    }

    private async Task SendAsync(List<PendingWrite> writes)
    {
        BatchSizes.Record(writes.Count);
        try
        {
            await ExecuteAsync(writes).ConfigureAwait(false);
        }
        catch (Exception e) when (writes.Count > 1 && !IsNoAnswer(e))
        {
            foreach (var write in writes)
            {
                await SendAsync([write]).ConfigureAwait(false);
            }

            return;
        }
        catch (Exception e)
        {
            foreach (var write in writes)
            {
                write.Done.TrySetException(e);
            }

            return;
        }

        foreach (var write in writes)
        {
            write.Done.TrySetResult();
        }
    }

    private async Task ExecuteAsync(List<PendingWrite> writes)
    {
        await using var batch = database.CreateBatch();
        // Which write each statement is the last of (-1: none), to hand that write the statement's result.
        var lastOf = new List<int>();
        for (var i = 0; i < writes.Count; i++)
        {
            var before = lastOf.Count;
            foreach (var command in writes[i].Commands())
            {
                batch.BatchCommands.Add(command);
                lastOf.Add(-1);
            }

            if (writes[i].ReadResult is not null && lastOf.Count > before)
            {
                lastOf[^1] = i;
            }
        }

        if (batch.BatchCommands.Count == 0)
        {
            return;
        }

        if (!lastOf.Exists(write => write >= 0))
        {
            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
            return;
        }

        // One result per statement, in order (empty for a statement that returns no rows).
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        for (var statement = 0; statement < lastOf.Count; statement++)
        {
            if (statement > 0)
            {
                await reader.NextResultAsync().ConfigureAwait(false);
            }

            if (lastOf[statement] >= 0)
            {
                await writes[lastOf[statement]].ReadResult!(reader).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => ownsDatabase ? database.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>
    /// The server did not answer (down, unreachable, too slow): trying each write alone would only wait longer. A
    /// statement PostgreSQL refused, or one that could not be sent, is the batch's own failure.
    /// </summary>
    private static bool IsNoAnswer(Exception exception) =>
        exception is not PostgresException && StorageFailures.IsOutage(exception);

    private sealed class PendingWrite(Func<IEnumerable<NpgsqlBatchCommand>> commands, Func<NpgsqlDataReader, Task>? readResult)
    {
        public Func<IEnumerable<NpgsqlBatchCommand>> Commands => commands;

        public Func<NpgsqlDataReader, Task>? ReadResult => readResult;

        public TaskCompletionSource Done { get; } = new();
    }
}
