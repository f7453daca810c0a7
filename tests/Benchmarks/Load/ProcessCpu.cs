using System.Globalization;

namespace GeminiClone.Benchmarks.Load;

/// <summary>CPU of one party in the measured window: seconds, cores (seconds per second) and milliseconds per request.</summary>
public sealed record CpuShare(double Seconds, double Cores, double? MsPerRequest);

/// <summary>The whole machine in the measured window (from <c>/proc/stat</c>): cores busy and idle, and the busy cores no party accounts for.</summary>
public sealed record MachineCpu(int Cores, double BusyCores, double IdleCores, double OtherCores);

/// <summary>
/// Every process's CPU in the measured window: the service, this load generator, the rest of the harness (the Gemini
/// emulator), and the machine as a whole, so a result says who shared the cores with the service.
/// </summary>
public sealed record CpuReport(CpuShare Service, CpuShare LoadGenerator, CpuShare? Harness, MachineCpu Machine)
{
    /// <summary>The share of the service's CPU its tiered compilation thread took: near zero once the service is warm.</summary>
    public double ServiceJitShare { get; init; }

    /// <summary>The harness's own processes (load generator and emulator) may take at most this many cores.</summary>
    public const double MaxHarnessCores = 0.5;

    /// <summary>Below this many idle cores the machine counts as saturated (5 % of two cores).</summary>
    public const double SaturatedBelowIdleCores = 0.1;

    public double HarnessCores => LoadGenerator.Cores + (Harness?.Cores ?? 0);

    /// <summary>Why the window's figures are not to be trusted, or null: a harness that took too much, a saturated machine.</summary>
    public string? Invalidity(bool saturationTest)
    {
        var reasons = new List<string>();
        if (HarnessCores > MaxHarnessCores)
        {
            reasons.Add($"the harness took {HarnessCores:F2} cores (load generator {LoadGenerator.Cores:F2}, emulator {Harness?.Cores ?? 0:F2}; at most {MaxHarnessCores})");
        }

        if (!saturationTest && Machine.IdleCores < SaturatedBelowIdleCores)
        {
            reasons.Add($"the machine was saturated ({Machine.IdleCores:F2} of {Machine.Cores} cores idle) in a scenario that is not a saturation test");
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }
}

/// <summary>
/// Reads CPU time from <c>/proc</c>: a process's user + system time (<c>/proc/&lt;pid&gt;/stat</c> fields 14 and 15)
/// and the machine's busy and idle time (<c>/proc/stat</c>'s first line), all in clock ticks of 1/100 s, which Linux
/// fixes for /proc whatever the kernel's HZ.
/// </summary>
internal sealed class ProcessCpu(IReadOnlyList<int> service, IReadOnlyList<int> harness)
{
    private const double TicksPerSecond = 100;

    /// <summary>
    /// The runtime's background thread that recompiles hot methods into optimized code (tier 1, with profile-guided
    /// optimization): its name in <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/comm</c>, which Linux cuts to 15 characters.
    /// </summary>
    private const string TieredCompilationThread = ".NET Tiered Com";

    /// <summary>A reading of every counter at one moment (<c>ServiceJit</c>: the service's tiered compilation thread).</summary>
    public sealed record Sample(long Service, long ServiceJit, long Harness, long Self, long MachineTotal, long MachineIdle, DateTimeOffset At);

    public bool Enabled => service.Count > 0;

    public Sample Read()
    {
        var (total, idle) = Machine();
        return new Sample(service.Sum(Ticks), service.Sum(TieredCompilationTicks), harness.Sum(Ticks), Ticks(Environment.ProcessId),
            total, idle, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// The share of the service's CPU between two samples that its tiered compilation thread took: above a few percent
    /// the service is still replacing its code with optimized code, whatever its CPU per request says.
    /// The runtime ends that thread when it idles and starts another, whose time starts from zero: never below zero.
    /// </summary>
    public static double JitShare(Sample from, Sample to) =>
        to.Service == from.Service ? 0 : Math.Max(0, (double)(to.ServiceJit - from.ServiceJit) / (to.Service - from.Service));

    /// <summary>The service's CPU milliseconds per request between two samples.</summary>
    public static double ServiceMsPerRequest(Sample from, Sample to, long requests) =>
        requests == 0 ? double.NaN : (to.Service - from.Service) / TicksPerSecond * 1000 / requests;

    public CpuReport Between(Sample from, Sample to, long requests)
    {
        var seconds = Math.Max(0.001, (to.At - from.At).TotalSeconds);
        CpuShare Share(long ticks) => new(ticks / TicksPerSecond, ticks / TicksPerSecond / seconds,
            requests > 0 ? ticks / TicksPerSecond * 1000 / requests : null);
        var cores = Environment.ProcessorCount;
        var machineTicks = Math.Max(1, to.MachineTotal - from.MachineTotal);
        var idleCores = (double)(to.MachineIdle - from.MachineIdle) / machineTicks * cores;
        var serviceShare = Share(to.Service - from.Service);
        var self = Share(to.Self - from.Self);
        var rest = harness.Count > 0 ? Share(to.Harness - from.Harness) : null;
        var busy = cores - idleCores;
        var other = Math.Max(0, busy - serviceShare.Cores - self.Cores - (rest?.Cores ?? 0));
        return new CpuReport(serviceShare, self, rest, new MachineCpu(cores, busy, idleCores, other)) { ServiceJitShare = JitShare(from, to) };
    }

    private static long Ticks(int pid) => StatTicks($"/proc/{pid}/stat");

    private static long TieredCompilationTicks(int pid)
    {
        long ticks = 0;
        foreach (var thread in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (File.ReadAllText($"{thread}/comm").TrimEnd('\n') == TieredCompilationThread)
                {
                    ticks += StatTicks($"{thread}/stat");
                }
            }
            catch (IOException)
            {
                // The thread ended between listing and reading: its time is no longer anyone's.
            }
        }

        return ticks;
    }

    private static long StatTicks(string statPath)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var stat = File.ReadAllText(statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>All ticks and idle ticks (idle + iowait) of every core together.</summary>
    private static (long Total, long Idle) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields.Sum(), fields[3] + fields[4]);
    }
}
