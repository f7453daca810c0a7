using Orleans.Runtime.Messaging;

namespace GeminiClone.Api.Problems;

/// <summary>
/// Knows when a failure means "the cluster cannot be reached" (no gateway, a connection that failed, a silo that
/// died, a message rejected, a call that timed out) and keeps the log readable while that lasts: one warning when
/// an episode starts, one line with the count when requests get through again, instead of a stack trace per
/// request (about 800,000 lines in a minute of outage).
/// </summary>
public sealed partial class ClusterOutages(TimeProvider clock, ILogger<ClusterOutages> logger) : IDisposable
{
    /// <summary>What clients are told to wait: about the time the cluster needs to notice a dead silo and move on.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>An episode ends once this long passes without another such failure.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private ITimer? _watch;
    private DateTimeOffset _started;
    private DateTimeOffset _lastFailure;
    private long _failures;

    public static bool IsClusterUnreachable(Exception? exception) => exception.Any(static e =>
        e is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException
            or TimeoutException or GatewayTooBusyException);

    public void Record(Exception exception)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            _lastFailure = now;
            if (_failures++ > 0)
            {
                return;
            }

            _started = now;
            _watch = clock.CreateTimer(_ => EndIfQuiet(), null, Quiet, Quiet);
        }

        LogEpisodeStarted(exception.GetType().Name, exception.Message);
    }

    private void EndIfQuiet()
    {
        long failures;
        TimeSpan lasted;
        lock (_gate)
        {
            if (_failures == 0 || clock.GetUtcNow() - _lastFailure < Quiet)
            {
                return;
            }

            (failures, lasted) = (_failures, _lastFailure - _started);
            _failures = 0;
            _watch?.Dispose();
            _watch = null;
        }

        LogEpisodeEnded(failures, lasted);
    }

    public void Dispose() => _watch?.Dispose();

    [LoggerMessage(LogLevel.Warning, "The cluster cannot be reached ({Kind}: {Reason}); answering 503 with Retry-After until it can")]
    private partial void LogEpisodeStarted(string kind, string reason);

    [LoggerMessage(LogLevel.Warning, "The cluster is reachable again; {Failures} requests were answered 503 over {Lasted}")]
    private partial void LogEpisodeEnded(long failures, TimeSpan lasted);
}
