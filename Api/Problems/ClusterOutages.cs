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

    /// <summary>
    /// How long into a spell of unreachable grains a call that is safe to repeat is repeated rather than answered 503:
    /// a killed silo is declared dead and its grains move within about 6 s; an outage longer than this is not a
    /// failover, and requests then fail fast instead of each waiting.
    /// </summary>
    private static readonly TimeSpan FailoverWindow = TimeSpan.FromSeconds(12);

    /// <summary>
    /// How long one attempt of a read may take before it is asked again: a read answers in milliseconds, and one that
    /// has waited this long went down a connection that died with its silo, which Orleans gives up on only at its 10 s
    /// response timeout. Abandoned, it is asked again through a live gateway, within the request's deadline.
    /// </summary>
    internal static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private ITimer? _watch;
    private DateTimeOffset _started;
    private DateTimeOffset _lastFailure;
    private long _failures;
    private DateTimeOffset _spellStarted;
    private DateTimeOffset _spellLastSeen;

    /// <summary>
    /// Whether a failure is the service's, not the caller's: the cluster cannot be reached, or a grain's store is
    /// away (a user that must be loaded while PostgreSQL is down). Both are a 503, never a 401 or a 500.
    /// </summary>
    public static bool IsUnavailable(Exception? exception) =>
        IsClusterUnreachable(exception) || exception.Any(static e => e is GeminiClone.Grains.Interfaces.Storage.StorageUnavailableException);

    /// <summary>
    /// The one classification of transient cluster faults every gateway path uses: no gateway, a connection that
    /// failed, a silo that died, a message rejected, a call that timed out. Worth asking again while a failover lasts;
    /// a 503 after that.
    /// </summary>
    public static bool IsClusterUnreachable(Exception? exception) => exception.Any(static e =>
        e is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException
            or TimeoutException or GatewayTooBusyException);

    /// <summary>
    /// For a call that is safe to repeat and just failed with <paramref name="exception"/>: true (ask again after a
    /// short pause) while the cluster has been unreachable for less than <see cref="FailoverWindow"/>.
    /// </summary>
    public bool IsWorthRetrying(Exception exception)
    {
        if (!IsClusterUnreachable(exception))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (now - _spellLastSeen > Quiet)
            {
                _spellStarted = now;
            }

            _spellLastSeen = now;
            return now - _spellStarted < FailoverWindow;
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/>, a call that is safe to repeat, and repeats it after a short pause (250 ms, growing
    /// to a second) while it fails because grains cannot be reached and <see cref="IsWorthRetrying"/> says so, within
    /// the request's <paramref name="deadline"/>: no attempt starts past it, no pause runs into it, and each attempt
    /// is abandoned after <see cref="AttemptTimeout"/> (and asked again) or at the deadline (a
    /// <see cref="TimeoutException"/>: 503), which suits only a read (an abandoned read changes nothing). Any other
    /// outcome, including the failure once the failover window or the deadline has passed, is the caller's. (A chat
    /// turn, which may rightly run a minute, is read by <c>TurnReader</c> under the same rules.)
    /// </summary>
    public async Task<T> RepeatDuringFailoverAsync<T>(Func<Task<T>> call, RequestDeadline deadline, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (deadline.HasPassed)
            {
                throw RequestDeadline.Spent();
            }

            var pause = TimeSpan.FromMilliseconds(Math.Min(1000, 250 * attempt));
            try
            {
                var left = deadline.Remaining;
                return await call().WaitAsync(left < AttemptTimeout ? left : AttemptTimeout, clock, cancellationToken);
            }
            // A pause that would end at or past the deadline is not taken: the 503 is answered now rather than then.
            catch (Exception e) when (IsWorthRetrying(e) && deadline.Remaining > pause)
            {
                await Task.Delay(pause, clock, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Counts a request answered 503 because the cluster could not be reached, logging the episode once. A store's
    /// outage is not the cluster's: <c>StorageOutageLog</c> counts those, so they are left out here.
    /// </summary>
    public void Record(Exception exception)
    {
        if (!IsClusterUnreachable(exception))
        {
            return;
        }

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
