using System.Text;

namespace GeminiClone.Benchmarks.Load;

public sealed record Percentiles(double P50, double P90, double P99, double Max, long Count)
{
    public static Percentiles Of(List<double> samples)
    {
        if (samples.Count == 0)
        {
            return new Percentiles(0, 0, 0, 0, 0);
        }

        samples.Sort();
        double At(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
        return new Percentiles(At(0.50), At(0.90), At(0.99), samples[^1], samples.Count);
    }
}

/// <param name="Latency">Milliseconds, of every measured request.</param>
/// <param name="Series">Further series in milliseconds (overhead above the model, time to first event, ...).</param>
public sealed record LoadResult(
    string Scenario,
    string Target,
    int VirtualUsers,
    double Seconds,
    long Requests,
    double RequestsPerSecond,
    Percentiles Latency,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyDictionary<string, Percentiles> Series)
{
    public long ErrorCount => Errors.Values.Sum();

    /// <summary>The service's own CPU time (user + system, all its processes) in the measured window, per request.</summary>
    public double? ServiceCpuMsPerRequest { get; init; }

    /// <summary>Every process's CPU in the measured window (with <c>--service-pids</c>).</summary>
    public CpuReport? Cpu { get; init; }

    /// <summary>Grain calls and state writes per request in the measured window (with <c>--metrics-url</c>).</summary>
    public WorkPerRequest? Work { get; init; }

    /// <summary>Why this window's figures are not a result (the harness took too much, the machine was saturated); null when valid.</summary>
    public string? Invalid { get; init; }

    /// <summary>How long the warm-up took, in seconds.</summary>
    public double WarmupSeconds { get; init; }

    /// <summary>With <c>--steady-state</c>: whether two warm-up windows agreed before <c>--warmup-max</c>; null for a fixed warm-up.</summary>
    public bool? Steady { get; init; }

    public string ToTable()
    {
        var table = new StringBuilder();
        table.AppendLine($"scenario {Scenario} against {Target}: {VirtualUsers} virtual users, {Seconds:F1} s measured");
        table.AppendLine($"{"series",-44} {"count",9} {"p50 ms",9} {"p90 ms",9} {"p99 ms",9} {"max ms",9}");
        foreach (var (name, p) in Series.Prepend(new("latency", Latency)))
        {
            table.AppendLine($"{name,-44} {p.Count,9} {p.P50,9:F2} {p.P90,9:F2} {p.P99,9:F2} {p.Max,9:F2}");
        }

        table.AppendLine($"requests {Requests:N0}, {RequestsPerSecond:N0} req/s, errors {ErrorCount:N0}" +
            (Errors.Count > 0 ? $" ({string.Join(", ", Errors.Select(e => $"{e.Key}: {e.Value}"))})" : ""));
        if (Cpu is { } cpu)
        {
            table.AppendLine($"CPU in the window, cores (ms per request): service {cpu.Service.Cores:F2} ({cpu.Service.MsPerRequest:F3}; {cpu.ServiceJitShare:P1} recompiling), " +
                $"load generator {cpu.LoadGenerator.Cores:F2} ({cpu.LoadGenerator.MsPerRequest:F3})" +
                (cpu.Harness is { } harness ? $", emulator {harness.Cores:F2} ({harness.MsPerRequest:F3})" : "") +
                $"; machine {cpu.Machine.BusyCores:F2} of {cpu.Machine.Cores} busy, {cpu.Machine.OtherCores:F2} by other processes");
            table.AppendLine(Invalid is null ? "window: valid" : $"window: INVALID, {Invalid}");
        }
        else if (ServiceCpuMsPerRequest is { } serviceCpu)
        {
            table.AppendLine($"service CPU {serviceCpu:F3} ms per request");
        }

        if (Work is { } work)
        {
            table.AppendLine($"per request: {work.GrainCalls:F2} grain calls, {work.AllStateWrites:F2} state writes" +
                (work.StateWrites.Count > 0 ? $" ({string.Join(", ", work.StateWrites.Select(w => $"{w.Key} {w.Value:F2}"))})" : ""));
            if (work.Runtime is { } runtime)
            {
                table.AppendLine($"runtime per request: {runtime.AllocatedBytes / 1024:F1} KB allocated, {runtime.ThreadPoolItems:F1} thread-pool items, " +
                    $"{runtime.LockContentions:F3} lock contentions; GCs per 1,000 requests " +
                    string.Join(", ", runtime.CollectionsPerThousand.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value:F2}")) +
                    $"; {runtime.PauseShare:P2} of the window paused for GC; {runtime.MethodsCompiled:N0} methods compiled in the window");
            }
        }

        table.AppendLine(Steady switch
        {
            true => $"warm-up: steady (two windows' CPU per request within 5 %, under 1 % recompiling) after {WarmupSeconds:F0} s",
            false => $"warm-up: NOT steady after {WarmupSeconds:F0} s (the most allowed); measured anyway",
            null => $"warm-up: fixed, {WarmupSeconds:F0} s",
        });

        return table.ToString();
    }
}
