using System.Globalization;

namespace GeminiClone.Benchmarks.Load;

/// <summary>
/// Reads the service processes' CPU time from <c>/proc/&lt;pid&gt;/stat</c> (user and system time, fields 14 and 15, in
/// clock ticks of 1/100 s, which Linux fixes for /proc whatever the kernel's HZ).
/// </summary>
internal sealed class ProcessCpu(IReadOnlyList<int> service)
{
    private const double TicksPerSecond = 100;

    /// <summary>A reading of the counters at one moment.</summary>
    public sealed record Sample(long Service, DateTimeOffset At);

    public bool Enabled => service.Count > 0;

    public Sample Read() => new(service.Sum(Ticks), DateTimeOffset.UtcNow);

    /// <summary>The service's CPU milliseconds per request between two samples.</summary>
    public static double ServiceMsPerRequest(Sample from, Sample to, long requests) =>
        requests == 0 ? double.NaN : (to.Service - from.Service) / TicksPerSecond * 1000 / requests;

    private static long Ticks(int pid)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
