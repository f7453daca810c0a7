using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace GeminiClone.Benchmarks.Load;

/// <summary>
/// Closed-loop load: each virtual user sends its next request as soon as the last one answered, for a warm-up and
/// then a measured duration. Latency is measured per request; a non-success status or an exception is an error.
/// </summary>
public sealed class LoadRunner(LoadOptions options, TextWriter progress)
{
    /// <summary>One request of a scenario for virtual user <c>vu</c>: its status and any extra timings to record.</summary>
    public delegate Task<(int Status, IReadOnlyList<(string Series, double Milliseconds)> Extra)> Operation(int vu, CancellationToken cancellationToken);

    public async Task<LoadResult> RunAsync(string scenario, Operation operation, int virtualUsers, Func<LoadResult, LoadResult>? finish = null)
    {
        var users = new VirtualUser?[virtualUsers];
        var window = new Window(Stopwatch.StartNew(), options.Warmup, options.Warmup + options.Duration);
        var completed = new StrongBox<long>();
        using var stop = new CancellationTokenSource(window.Until);

        var reporter = ReportProgressAsync(() => Interlocked.Read(ref completed.Value), users, window.Clock, window.From, stop.Token);
        var cpu = ServiceCpu.MeasureAsync(options.ServicePids, window.From, options.Duration);
        await Task.WhenAll(Enumerable.Range(0, virtualUsers).Select(vu => Task.Run(() =>
            LoopAsync(users[vu] = new VirtualUser(vu), operation, window, completed, stop.Token))));
        await reporter;

        var result = Summarize(scenario, virtualUsers, [.. users.OfType<VirtualUser>()]);
        var requests = result.Requests;
        result = result with { ServiceCpuMsPerRequest = await cpu is { } cpuSeconds && requests > 0 ? cpuSeconds * 1000 / requests : null };
        return finish?.Invoke(result) ?? result;
    }

    /// <summary>One virtual user's requests, one after the other until the stop; only those inside the window count.</summary>
    private static async Task LoopAsync(VirtualUser user, Operation operation, Window window, StrongBox<long> completed, CancellationToken stop)
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
            if (started < window.From || ended > window.Until)
            {
                continue;
            }

            Interlocked.Increment(ref completed.Value);
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

    private async Task ReportProgressAsync(Func<long> completed, VirtualUser?[] users, Stopwatch clock, TimeSpan measureFrom, CancellationToken stop)
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
                var phase = clock.Elapsed < measureFrom ? "warm-up" : "measuring";
                var errorCount = users.OfType<VirtualUser>().Sum(u => u.ErrorCount);
                progress.Write($"\r[{clock.Elapsed.TotalSeconds,4:F0}s {phase}] {completed(),10:N0} requests measured, errors {errorCount:N0}   ");
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

    /// <summary>When requests count: started after the warm-up, ended before the measured duration is over.</summary>
    private sealed record Window(Stopwatch Clock, TimeSpan From, TimeSpan Until);

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
