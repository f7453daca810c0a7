using System.Globalization;

namespace GeminiClone.Benchmarks.Load;

/// <summary>
/// The CPU time the service's processes spend in the measured window, from <c>/proc/&lt;pid&gt;/stat</c> (user and
/// system time, fields 14 and 15, in clock ticks of 1/100 s, which Linux fixes for /proc whatever the kernel's HZ).
/// </summary>
internal static class ServiceCpu
{
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds between <paramref name="from"/> and <paramref name="from"/> + <paramref name="window"/>; null without pids.</summary>
    public static async Task<double?> MeasureAsync(IReadOnlyList<int> pids, TimeSpan from, TimeSpan window)
    {
        if (pids.Count == 0)
        {
            return null;
        }

        await Task.Delay(from);
        var before = pids.Sum(Ticks);
        await Task.Delay(window);
        return (pids.Sum(Ticks) - before) / TicksPerSecond;
    }

    private static long Ticks(int pid)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
