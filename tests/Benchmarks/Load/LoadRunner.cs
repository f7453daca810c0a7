using System.Diagnostics;

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
        var samples = new List<double>[virtualUsers];
        var extra = new Dictionary<string, List<double>>[virtualUsers];
        var errors = new Dictionary<string, long>[virtualUsers];
        var clock = Stopwatch.StartNew();
        var measureFrom = options.Warmup;
        var measureUntil = options.Warmup + options.Duration;
        long completed = 0;
        using var stop = new CancellationTokenSource(measureUntil);

        var reporter = ReportProgressAsync(() => Interlocked.Read(ref completed), errors, clock, measureFrom, stop.Token);
        var cpu = ServiceCpu.MeasureAsync(options.ServicePids, measureFrom, options.Duration);
        await Task.WhenAll(Enumerable.Range(0, virtualUsers).Select(vu => Task.Run(async () =>
        {
            samples[vu] = [];
            extra[vu] = [];
            errors[vu] = [];
            while (!stop.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                string? error = null;
                IReadOnlyList<(string, double)> timings = [];
                try
                {
                    (var status, timings) = await operation(vu, stop.Token);
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

                var ended = clock.Elapsed;
                if (started < measureFrom || ended > measureUntil)
                {
                    continue;
                }

                Interlocked.Increment(ref completed);
                if (error is not null)
                {
                    lock (errors[vu])
                    {
                        errors[vu][error] = errors[vu].GetValueOrDefault(error) + 1;
                    }

                    continue;
                }

                samples[vu].Add((ended - started).TotalMilliseconds);
                foreach (var (series, ms) in timings)
                {
                    (extra[vu].TryGetValue(series, out var list) ? list : extra[vu][series] = []).Add(ms);
                }
            }
        })));
        await reporter;

        var seconds = options.Duration.TotalSeconds;
        var requests = samples.Sum(s => s.Count) + errors.Sum(e => e.Values.Sum());
        var result = new LoadResult(
            scenario,
            options.BaseUrl.ToString(),
            virtualUsers,
            seconds,
            requests,
            requests / seconds,
            Percentiles.Of([.. samples.SelectMany(s => s)]),
            errors.SelectMany(e => e).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)),
            extra.SelectMany(e => e).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => Percentiles.Of([.. g.SelectMany(e => e.Value)])))
        {
            ServiceCpuMsPerRequest = await cpu is { } cpuSeconds && requests > 0 ? cpuSeconds * 1000 / requests : null,
        };
        return finish?.Invoke(result) ?? result;
    }

    private async Task ReportProgressAsync(Func<long> completed, Dictionary<string, long>[] errors, Stopwatch clock, TimeSpan measureFrom, CancellationToken stop)
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
                var errorCount = errors.Where(e => e is not null).Sum(e => { lock (e) { return e.Values.Sum(); } });
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

    public static int StatusOf(HttpResponseMessage response) => (int)response.StatusCode;

    public static readonly IReadOnlyList<(string, double)> NoTimings = [];
}
