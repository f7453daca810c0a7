using System.Diagnostics.Metrics;
using Npgsql;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// Group commit for small writes many grains make at once (their states, a turn's search rows, a chatroom's row in its
/// owner's list): a write that arrives while <see cref="MaxInFlight"/> batches are at the server waits for one of them
/// to return, then goes with every write that waited meanwhile, each write's statements one after the other in one
/// round trip and one transaction. PostgreSQL's CPU per turn is mostly per transaction (its network, its commit), not
/// per row (tests/Benchmarks/README.md, "PostgreSQL's writes per turn"); with a batch in flight more writes share one.
/// A write while fewer batches are out goes at once, so a quiet service waits for nothing.
/// </summary>
/// <remarks>
/// <para>
/// A batch is one transaction, so a write is still all of its statements or none. A batch PostgreSQL refuses (a
/// statement it rejects) runs each of its writes again alone, one after the other, so a write that cannot be stored
/// fails by itself and the others land; they waited for that, and a write that is slow (a lock it waits for) delays
/// the writes it travels with. When the server does not answer (down, restarting, unreachable, too slow), every write
/// of the batch fails with that, and so does every write waiting then (each would otherwise wait out a timeout of its
/// own behind the others, where a write on a connection of its own failed within one); each write's caller handles it
/// as it would its own failure ("may have been stored" when the connection broke: it reads back to settle).
/// </para>
/// <para>
/// A write's outcome is what PostgreSQL reports per statement (<see cref="NpgsqlBatchCommand.Rows"/>: the rows a
/// statement changed, or a SELECT returned), read by the caller from the commands the returned task gives back. The
/// loop that sends batches starts on the caller's thread (a grain's, for one) and leaves it at its first wait for the
/// server; it carries no caller's context (no request context, no activity).
/// </para>
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

    /// <summary>Batches on a pool of their own.</summary>
    public static PostgresWriteBatches Open(string connectionString) => new(NpgsqlDataSource.Create(connectionString), ownsDatabase: true);

    /// <summary>
    /// Runs the statements <paramref name="commands"/> makes as one transaction, in a batch with other writes, and
    /// gives back the statements as they ran (their <see cref="NpgsqlBatchCommand.Rows"/>). <paramref name="commands"/>
    /// may be called again (a batch that failed runs each of its writes alone), so it makes new commands each time.
    /// </summary>
    public Task<IReadOnlyList<NpgsqlBatchCommand>> WriteAsync(Func<IReadOnlyList<NpgsqlBatchCommand>> commands)
    {
        var write = new PendingWrite(commands);
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
            // Not awaited: it completes this write and those that come while it runs, on the thread pool after its first
            // wait (ConfigureAwait(false)), and without this caller's execution context.
            if (ExecutionContext.IsFlowSuppressed())
            {
                _ = SendWhileWaitingAsync();
            }
            else
            {
                using (ExecutionContext.SuppressFlow())
                {
                    _ = SendWhileWaitingAsync();
                }
            }
        }

        return write.Done.Task;
    }

    public ValueTask DisposeAsync() => ownsDatabase ? database.DisposeAsync() : ValueTask.CompletedTask;

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

    private List<PendingWrite> TakeAllWaiting()
    {
        lock (_lock)
        {
            var writes = _waiting.ToList();
            _waiting.Clear();
            return writes;
        }
    }

    /// <summary>Sends the writes as one batch and settles each; never throws.</summary>
    private async Task SendAsync(List<PendingWrite> writes)
    {
        BatchSizes.Record(writes.Count);
        var failure = await TryExecuteAsync(writes).ConfigureAwait(false);
        if (failure is null)
        {
            foreach (var write in writes)
            {
                write.Done.TrySetResult(write.Sent);
            }

            return;
        }

        if (StorageFailures.IsNoAnswer(failure))
        {
            // And every write waiting now: it would meet the same server, and wait out its own timeout first.
            Fail(writes.Concat(TakeAllWaiting()), failure);
            return;
        }

        if (writes.Count == 1)
        {
            Fail(writes, failure);
            return;
        }

        // Refused: each alone, so the one PostgreSQL refuses fails by itself; should the server stop answering
        // meanwhile, the rest fail with that rather than each wait for it in turn.
        for (var i = 0; i < writes.Count; i++)
        {
            BatchSizes.Record(1);
            var alone = await TryExecuteAsync([writes[i]]).ConfigureAwait(false);
            if (alone is null)
            {
                writes[i].Done.TrySetResult(writes[i].Sent);
            }
            else if (StorageFailures.IsNoAnswer(alone))
            {
                Fail(writes.Skip(i).Concat(TakeAllWaiting()), alone);
                return;
            }
            else
            {
                writes[i].Done.TrySetException(alone);
            }
        }
    }

    /// <summary>Runs the writes' statements as one batch; the exception it failed with, or null.</summary>
    private async Task<Exception?> TryExecuteAsync(List<PendingWrite> writes)
    {
        try
        {
            await using var batch = database.CreateBatch();
            foreach (var write in writes)
            {
                write.Sent = write.Commands();
                foreach (var command in write.Sent)
                {
                    batch.BatchCommands.Add(command);
                }
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static void Fail(IEnumerable<PendingWrite> writes, Exception failure)
    {
        foreach (var write in writes)
        {
            write.Done.TrySetException(failure);
        }
    }

    private sealed class PendingWrite(Func<IReadOnlyList<NpgsqlBatchCommand>> commands)
    {
        public Func<IReadOnlyList<NpgsqlBatchCommand>> Commands => commands;

        /// <summary>The statements of the write's last attempt.</summary>
        public IReadOnlyList<NpgsqlBatchCommand> Sent { get; set; } = [];

        public TaskCompletionSource<IReadOnlyList<NpgsqlBatchCommand>> Done { get; } = new();
    }
}
