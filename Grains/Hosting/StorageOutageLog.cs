using GeminiClone.Grains.Adapters.PostgreSql;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Hosting;

/// <summary>
/// Keeps a process's log readable while its store is away: one error with the cause when it becomes unreachable,
/// a summary at most every <see cref="SummaryEvery"/> while it stays away, one line when it answers again, instead
/// of a stack trace per request (10-22 thousand lines a second per silo in a 20 s PostgreSQL outage).
/// </summary>
public sealed partial class StorageOutageLog(TimeProvider clock, ILogger<StorageOutageLog> logger)
{
    public static readonly TimeSpan SummaryEvery = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private volatile bool _down;
    private string _store = "";
    private DateTimeOffset _since;
    private DateTimeOffset _lastSummary;
    private long _refused;

    /// <summary>
    /// The last storage operation of this process failed for want of an answer, and none has succeeded since: work
    /// that only writes (a usage record) can skip the store instead of failing against it once more.
    /// </summary>
    public bool IsDown => _down;

    /// <summary>An operation on <paramref name="store"/> failed because it did not answer.</summary>
    public void Failed(string store, Exception cause) => Failed(store, () => StorageFailures.Describe(cause));

    /// <summary>A request was refused for an outage whose cause is already known (e.g. a silo told the gateway).</summary>
    public void Failed(string store, Func<string> cause)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            _refused++;
            if (!_down)
            {
                (_down, _store, _since, _lastSummary, _refused) = (true, store, now, now, 1);
                LogUnreachable(store, cause());
                return;
            }

            if (now - _lastSummary >= SummaryEvery)
            {
                _lastSummary = now;
                LogStillUnreachable(_store, (int)(now - _since).TotalSeconds, _refused);
            }
        }
    }

    /// <summary>An operation succeeded: if the store was away, say once that it is back.</summary>
    public void Succeeded()
    {
        if (!_down)
        {
            return;
        }

        lock (_gate)
        {
            if (_down)
            {
                _down = false;
                LogBack(_store, (int)(clock.GetUtcNow() - _since).TotalSeconds, _refused);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "{Store} unreachable: {Cause}")]
    private partial void LogUnreachable(string store, string cause);

    [LoggerMessage(LogLevel.Warning, "{Store} unreachable for {Seconds} s, {Refused} requests refused")]
    private partial void LogStillUnreachable(string store, int seconds, long refused);

    [LoggerMessage(LogLevel.Warning, "{Store} answers again after {Seconds} s; {Refused} requests were refused")]
    private partial void LogBack(string store, int seconds, long refused);
}
