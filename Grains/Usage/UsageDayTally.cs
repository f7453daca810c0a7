using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// This silo's tally of the service-wide day figures: each recorded turn is added here, summed by day, user and
/// model, and every <see cref="UsageOptions.ServiceForwardInterval"/> each day's sums go to its
/// <see cref="IUsageDayGrain"/> in one call. A turn used to send that grain a message of its own: a grain call on
/// every turn's path and, in a cluster, a message across silos to one activation that every turn of the day went
/// through. Now a turn takes a lock here, and a silo calls each day's grain once an interval, however many turns.
/// </summary>
/// <remarks>
/// What it costs: operators' figures lag by up to the interval; a silo that dies loses what it held (an interval of
/// its turns, as the day's grain loses up to its own write interval; during a store outage, everything since the
/// outage began, which the silo holds until the days' grains take it); a day's grain that does not take
/// a tally (it cannot load during a store outage; a call fails) gets it again, summed with what came meanwhile, on the
/// next tick, so a call that failed after it landed counts twice: figures for operators, never lost quietly. Each
/// user's own record, written before anything is added here, stays the exact one. When the silo stops (its Active
/// stage, before grains deactivate) what is held is forwarded, and turns recorded after that, while the silo's grains
/// finish, go to their days one call each, as before the tally. The interval runs on real time, not the domain's clock.
/// </remarks>
public sealed partial class UsageDayTally(
    IGrainFactory grains, IOptions<UsageOptions> options, StorageOutageLog storage, ILogger<UsageDayTally> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly Lock _gate = new();
    private Dictionary<DateOnly, Dictionary<(string UserId, string Model), UsageFigures>> _held = [];

    /// <summary>Users being erased (with how many erasures of each are under way): a forward that fails does not hold their lines again.</summary>
    private readonly Dictionary<string, int> _forgetting = [];

    /// <summary>The last forward (done, or under way): an erasure waits for it.</summary>
    private Task _forwarding = Task.CompletedTask;

    /// <summary>Set once the stop's forward begins: from then on a turn goes to its day's grain by itself.</summary>
    private bool _stopped;

    private CancellationTokenSource? _stopping;
    private Task _ticking = Task.CompletedTask;

    /// <summary>Adds one recorded turn's figures to <paramref name="day"/>'s tally.</summary>
    public void Add(DateOnly day, UsageDayEntry entry)
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                Hold(day, entry.UserId, entry.Model, entry.Figures);
                return;
            }
        }

        // The silo is stopping and its tally was sent: one-way, as every turn did before the tally.
        DayGrain(day).AddAsync(entry).Ignore();
    }

    /// <summary>
    /// Drops what is held of <paramref name="userId"/>, and returns once the forward under way (which may carry their
    /// lines) has ended; if it fails, their lines are not held again. The caller then erases the user's lines from
    /// the days' grains, and nothing this silo held brings them back. Not covered: lines another silo holds (the
    /// user's usage grain moved while that silo's forwards were failing), and a one-way call of a stopping silo still
    /// on its way (as before the tally): both rare, both only the service-wide figures.
    /// </summary>
    public async Task ForgetAsync(string userId)
    {
        Task forwarding;
        lock (_gate)
        {
            foreach (var lines in _held.Values)
            {
                foreach (var key in lines.Keys.Where(key => key.UserId == userId).ToList())
                {
                    lines.Remove(key);
                }
            }

            _forgetting[userId] = _forgetting.GetValueOrDefault(userId) + 1;
            forwarding = _forwarding;
        }

        try
        {
            await forwarding;
        }
        finally
        {
            lock (_gate)
            {
                if (--_forgetting[userId] == 0)
                {
                    _forgetting.Remove(userId);
                }
            }
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(UsageDayTally), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _ticking = TickAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The silo's stop (its lifecycle calls this; tests too, to stop the tally of a silo that keeps running): stops the
    /// ticks and forwards what is held; the stop's token ends the waits, not the calls.
    /// </summary>
    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        // Once: a stop after the first (the silo's, after a test's) finds nothing left to do.
        if (Interlocked.Exchange(ref _stopping, null) is not { } stopping)
        {
            return;
        }

        await stopping.CancelAsync();
        await _ticking.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_ticking.IsCompleted)
        {
            stopping.Dispose();
        }

        lock (_gate)
        {
            _stopped = true;
        }

        var forwarded = ForwardAsync();
        await forwarded.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!forwarded.IsCompleted)
        {
            LogStopDidNotWait();
        }
    }

    private async Task TickAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.ServiceForwardInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                // In a store outage a day's grain that is not active cannot load: keep the tally rather than have
                // Orleans log a failed activation every tick.
                if (!storage.IsDown)
                {
                    await ForwardAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The silo stops; StopAsync forwards what is left.
        }
    }

    /// <summary>Sends each day what is held for it; a day whose grain does not take it holds it again.</summary>
    private async Task ForwardAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Dictionary<DateOnly, Dictionary<(string UserId, string Model), UsageFigures>> taken;
        Task before;
        lock (_gate)
        {
            (taken, _held) = (_held, []);
            (before, _forwarding) = (_forwarding, done.Task);
        }

        try
        {
            // After the forward before it: the stop's may begin while a tick's still runs (a stop that stopped waiting).
            await before;
            await Task.WhenAll(taken.Where(day => day.Value.Count > 0).Select(day => ForwardDayAsync(day.Key, day.Value)));
        }
        finally
        {
            done.SetResult();
        }
    }

    private async Task ForwardDayAsync(DateOnly day, Dictionary<(string UserId, string Model), UsageFigures> lines)
    {
        try
        {
            await DayGrain(day).AddManyAsync([.. lines.Select(line => new UsageDayEntry(line.Key.UserId, line.Key.Model, line.Value))]);
        }
        catch (Exception e)
        {
            bool kept;
            lock (_gate)
            {
                kept = !_stopped;
                foreach (var ((userId, model), figures) in lines)
                {
                    if (kept && !_forgetting.ContainsKey(userId))
                    {
                        Hold(day, userId, model, figures);
                    }
                }
            }

            if (kept)
            {
                LogForwardFailed(e, UsageDays.Key(day), lines.Count);
            }
            else
            {
                LogLostAtStop(e, UsageDays.Key(day), lines.Count);
            }
        }
    }

    private IUsageDayGrain DayGrain(DateOnly day) => grains.GetGrain<IUsageDayGrain>(UsageDays.Key(day));

    /// <summary>Adds to the day's line of the user and model. Call with <see cref="_gate"/> held.</summary>
    private void Hold(DateOnly day, string userId, string model, UsageFigures figures)
    {
        if (!_held.TryGetValue(day, out var lines))
        {
            _held[day] = lines = [];
        }

        lines[(userId, model)] = lines.TryGetValue((userId, model), out var sum) ? sum.Add(figures) : figures;
    }

    [LoggerMessage(LogLevel.Warning, "Service-wide usage of {Day} ({Lines} user and model lines) did not reach its grain; this silo keeps it for the next forward")]
    private partial void LogForwardFailed(Exception exception, string day, int lines);

    [LoggerMessage(LogLevel.Warning, "Service-wide usage of {Day} ({Lines} user and model lines) did not reach its grain as the silo stopped; those figures are lost")]
    private partial void LogLostAtStop(Exception exception, string day, int lines);

    [LoggerMessage(LogLevel.Warning, "The silo's stop did not wait for its tally of service-wide usage to be forwarded; those figures may be lost")]
    private partial void LogStopDidNotWait();
}
