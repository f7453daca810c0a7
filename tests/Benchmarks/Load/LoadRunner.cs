using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace GeminiClone.Benchmarks.Load;

/// <summary>
/// Closed-loop load: each virtual user sends its next request as soon as the last one answered, through a warm-up
/// and then a measured duration. The warm-up is fixed (<c>--warmup</c>), or with <c>--steady-state</c> lasts until
/// the service's CPU per request in two consecutive windows agrees within 5 % and the runtime has stopped recompiling
/// (a fresh process spends its first windows compiling). Latency is measured per request; a non-success status or an exception is an error.
/// </summary>
public sealed class LoadRunner(LoadOptions options, TextWriter progress)
{
    /// <summary>One request of a scenario for virtual user <c>vu</c>: its status and any extra timings to record.</summary>
    public delegate Task<(int Status, IReadOnlyList<(string Series, double Milliseconds)> Extra)> Operation(int vu, CancellationToken cancellationToken);

    public async Task<LoadResult> RunAsync(string scenario, Operation operation, int virtualUsers, Func<LoadResult, LoadResult>? finish = null)
    {
        var users = new VirtualUser?[virtualUsers];
        var window = new Window(Stopwatch.StartNew());
        var counts = new Counts();
        using var stop = new CancellationTokenSource();
        var cpu = new ProcessCpu(options.ServicePids, options.HarnessPids);

        var loops = Enumerable.Range(0, virtualUsers).Select(vu => Task.Run(() =>
            LoopAsync(users[vu] = new VirtualUser(vu), operation, window, counts, stop.Token))).ToArray();
        var reporter = ReportProgressAsync(counts, users, window, stop.Token);
        var (warmup, steady) = await WarmUpAsync(cpu, counts);
        var counters = new ServiceCounters(options.MetricsUrl);
        var countedBefore = await counters.ReadAsync();
        var startedAt = cpu.Read();
        window.Open(options.Duration);
        await Task.Delay(options.Duration);
        var endedAt = cpu.Read();
        var countedAfter = await counters.ReadAsync();
        stop.Cancel();
        await Task.WhenAll(loops);
        await reporter;

        var result = Summarize(scenario, virtualUsers, [.. users.OfType<VirtualUser>()]) with { WarmupSeconds = warmup, Steady = steady };
        if (cpu.Enabled)
        {
            var report = cpu.Between(startedAt, endedAt, result.Requests);
            result = result with { ServiceCpuMsPerRequest = report.Service.MsPerRequest, Cpu = report, Invalid = report.Invalidity(options.Saturation) };
        }

        if (counters.Enabled)
        {
            // Requests answered in the window; the counters' reads bracket it a few milliseconds wider.
            result = result with { Work = ServiceCounters.Between(countedBefore, countedAfter, result.Requests, options.Duration) };
        }

        return finish?.Invoke(result) ?? result;
    }

    /// <summary>
    /// The fixed warm-up, or windows of <c>--steady-window</c> seconds until two in a row agree on the service's CPU per
    /// request within <see cref="LoadOptions.SteadyTolerance"/> and the second spent at most 1 % of it recompiling
    /// (at most <c>--warmup-max</c>). Returns how long it took
    /// and whether it reached a steady state (null for a fixed warm-up).
    /// </summary>
    /// <summary>The most of the service's CPU its tiered compilation thread may take in a window that counts as steady.</summary>
    private const double MaxSteadyJitShare = 0.01;

    private async Task<(double Seconds, bool? Steady)> WarmUpAsync(ProcessCpu cpu, Counts counts)
    {
        var clock = Stopwatch.StartNew();
        if (!options.SteadyState || !cpu.Enabled)
        {
            await Task.Delay(options.Warmup);
            return (clock.Elapsed.TotalSeconds, null);
        }

        double? last = null;
        var before = cpu.Read();
        var done = Interlocked.Read(ref counts.Completed);
        while (clock.Elapsed < options.WarmupMax)
        {
            await Task.Delay(options.SteadyWindow);
            var after = cpu.Read();
            var now = Interlocked.Read(ref counts.Completed);
            var perRequest = ProcessCpu.ServiceMsPerRequest(before, after, now - done);
            var jit = ProcessCpu.JitShare(before, after);
            progress.WriteLine($"warm-up window ending at {clock.Elapsed.TotalSeconds:F0} s: {now - done:N0} requests, " +
                $"service CPU {perRequest:F3} ms per request, {jit:P1} of it the tiered JIT");
            // Two windows can agree while the service is still compiling (tier-0 code, as slow in both), so the second
            // must also be nearly free of recompilation.
            if (last is { } previous && Math.Abs(perRequest - previous) <= options.SteadyTolerance * previous && jit <= MaxSteadyJitShare)
            {
                return (clock.Elapsed.TotalSeconds, true);
            }

            (last, before, done) = (perRequest, after, now);
        }

        return (clock.Elapsed.TotalSeconds, false);
    }

    /// <summary>One virtual user's requests, one after the other until the stop; only those inside the window count.</summary>
    private static async Task LoopAsync(VirtualUser user, Operation operation, Window window, Counts counts, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = window.Clock.Elapsed;
            string? error = null;
            IReadOnlyList<(string, double)> timings = [];
            try
            {
                (var status, timings) = await operation(user.Index, stop);
                if (status is < 200 or >= 300)
                {
                    error = status.ToString();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                error = e.GetType().Name;
            }

            var ended = window.Clock.Elapsed;
            Interlocked.Increment(ref counts.Completed);
            if (!window.Holds(started, ended))
            {
                continue;
            }

            Interlocked.Increment(ref counts.Measured);
            user.Record(ended - started, timings, error);
        }
    }

    private LoadResult Summarize(string scenario, int virtualUsers, IReadOnlyList<VirtualUser> users)
    {
        var seconds = options.Duration.TotalSeconds;
        var requests = users.Sum(u => u.Samples.Count) + users.Sum(u => u.Errors.Values.Sum());
        return new LoadResult(
            scenario,
            options.BaseUrl.ToString(),
            virtualUsers,
            seconds,
            requests,
            requests / seconds,
            Percentiles.Of([.. users.SelectMany(u => u.Samples)]),
            users.SelectMany(u => u.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)),
            users.SelectMany(u => u.Extra).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => Percentiles.Of([.. g.SelectMany(e => e.Value)])));
    }

    private async Task ReportProgressAsync(Counts counts, VirtualUser?[] users, Window window, CancellationToken stop)
    {
        if (options.Quiet)
        {
            return;
        }

        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(1000, stop);
                var phase = window.IsOpen ? "measuring" : "warm-up";
                var errorCount = users.OfType<VirtualUser>().Sum(u => u.ErrorCount);
                progress.Write($"\r[{window.Clock.Elapsed.TotalSeconds,4:F0}s {phase}] {Interlocked.Read(ref counts.Measured),10:N0} requests measured, errors {errorCount:N0}   ");
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            progress.WriteLine();
        }
    }

    /// <summary>Requests completed at all (the warm-up's windows count them) and inside the measured window.</summary>
    private sealed class Counts
    {
        public long Completed;
        public long Measured;
    }

    /// <summary>When requests count: started after the warm-up, ended before the measured duration is over. Opened once.</summary>
    private sealed class Window(Stopwatch clock)
    {
        private long _fromTicks = long.MaxValue;
        private long _untilTicks = long.MaxValue;

        public Stopwatch Clock => clock;

        public bool IsOpen => Interlocked.Read(ref _fromTicks) != long.MaxValue;

        public void Open(TimeSpan duration)
        {
            var from = clock.Elapsed;
            Interlocked.Exchange(ref _untilTicks, (from + duration).Ticks);
            Interlocked.Exchange(ref _fromTicks, from.Ticks);
        }

        public bool Holds(TimeSpan started, TimeSpan ended) =>
            started.Ticks >= Interlocked.Read(ref _fromTicks) && ended.Ticks <= Interlocked.Read(ref _untilTicks);
    }

    /// <summary>What one virtual user measured: latencies, extra timings per series, errors per kind.</summary>
    private sealed class VirtualUser(int index)
    {
        public int Index => index;

        public List<double> Samples { get; } = [];

        public Dictionary<string, List<double>> Extra { get; } = [];

        public Dictionary<string, long> Errors { get; } = [];

        /// <summary>Read by the progress line while the user runs.</summary>
        public long ErrorCount
        {
            get
            {
                lock (Errors)
                {
                    return Errors.Values.Sum();
                }
            }
        }

        public void Record(TimeSpan took, IReadOnlyList<(string Series, double Milliseconds)> timings, string? error)
        {
            if (error is not null)
            {
                lock (Errors)
                {
                    Errors[error] = Errors.GetValueOrDefault(error) + 1;
                }

                return;
            }

            Samples.Add(took.TotalMilliseconds);
            foreach (var (series, ms) in timings)
            {
                (Extra.TryGetValue(series, out var list) ? list : Extra[series] = []).Add(ms);
            }
        }
    }

    public static int StatusOf(HttpResponseMessage response) => (int)response.StatusCode;

    public static readonly IReadOnlyList<(string, double)> NoTimings = [];
}
