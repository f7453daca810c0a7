using System.Diagnostics;
using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Cluster;

/// <summary>
/// How an Orleans client (a gateway, a maintenance command) connects when no silo can be reached yet: every failure
/// is retried with a growing pause and one warning line, for the start-up wait; then the connection fails with a
/// <see cref="StoreUnreachableException"/> whose message is the one line to exit with. Orleans' default gives up
/// after about 15 attempts and only on some failures, so a gateway started before its silos (or while Redis is away)
/// crashed instead of waiting for them.
/// </summary>
public sealed partial class ClusterConnectionRetry(TimeSpan wait, ILogger logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    private readonly Stopwatch _waited = Stopwatch.StartNew();
    private TimeSpan _pause = FirstPause;
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        _attempts++;
        var left = wait - _waited.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            throw new StoreUnreachableException(
                $"No silo of the cluster could be reached within {wait:c} ({_attempts} attempts); the last error: {StoreWait.OneLine(exception)}", exception);
        }

        var pause = _pause < left ? _pause : left;
        LogNotConnected(logger, _attempts, StoreWait.OneLine(exception), pause.TotalSeconds);
        await Task.Delay(pause, cancellationToken);
        _pause = TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, _pause.Ticks * 2));
        return true;
    }

    [LoggerMessage(LogLevel.Warning, "No silo answers yet (connecting, attempt {Attempt}): {Error}; trying again in {PauseSeconds:0.#} s")]
    private static partial void LogNotConnected(ILogger logger, int attempt, string error, double pauseSeconds);
}
