using System.Diagnostics;
using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace GeminiClone.Grains.Cluster;

/// <summary>
/// Waits at start for a store that is not there yet (PostgreSQL still starting beside us, Redis restarting): the
/// attempt is repeated with a growing pause and one warning line per failure, until it succeeds or the wait runs
/// out; then a <see cref="StoreUnreachableException"/> carries the one line the process exits with. Failures that
/// waiting cannot cure (a wrong password, a missing database, a bad script) are not repeated.
/// </summary>
public static partial class StoreWait
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    public static async Task<T> UntilReachableAsync<T>(
        string store, TimeSpan wait, ILogger logger, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken = default)
    {
        var waited = Stopwatch.StartNew();
        var pause = FirstPause;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (Exception e) when (IsWorthWaitingFor(e) && !cancellationToken.IsCancellationRequested)
            {
                var left = wait - waited.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new StoreUnreachableException(
                        $"{store} could not be reached within {wait:c} ({number} attempts); the last error: {OneLine(e)}", e);
                }

                pause = pause < left ? pause : left;
                LogNotReachable(logger, store, number, OneLine(e), pause.TotalSeconds);
                await Task.Delay(pause, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, pause.Ticks * 2));
            }
        }
    }

    /// <summary>A failure to reach the store, as opposed to one the store answered with.</summary>
    public static bool IsWorthWaitingFor(Exception exception) => exception switch
    {
        // Npgsql marks connection failures, and server states like "the database system is starting up", transient.
        NpgsqlException npgsql => npgsql.IsTransient,
        RedisConnectionException or RedisTimeoutException => true,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>Whether a failure (an aggregate, a lifecycle failure wrapping it) comes down to a store that cannot be reached.</summary>
    public static bool CausedByUnreachableStore(Exception exception) => exception switch
    {
        StoreUnreachableException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(CausedByUnreachableStore),
        _ when IsWorthWaitingFor(exception) => true,
        _ => exception.InnerException is { } inner && CausedByUnreachableStore(inner),
    };

    /// <summary>The message and its causes' on one line, never a stack trace.</summary>
    public static string OneLine(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (!parts.Any(p => p.Contains(e.Message, StringComparison.Ordinal)))
            {
                parts.Add(e.Message);
            }
        }

        return string.Join(" <- ", parts).ReplaceLineEndings(" ");
    }

    [LoggerMessage(LogLevel.Warning, "{Store} is not reachable yet (attempt {Attempt}): {Error}; trying again in {PauseSeconds:0.#} s")]
    private static partial void LogNotReachable(ILogger logger, string store, int attempt, string error, double pauseSeconds);
}
