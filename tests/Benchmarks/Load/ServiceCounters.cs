using System.Globalization;
using System.Text.RegularExpressions;

namespace GeminiClone.Benchmarks.Load;

/// <summary>What the service did per request in the measured window: grain calls and state writes, by kind.</summary>
/// <param name="GrainCalls">Application grain calls per request, from Orleans' request-latency histogram's count.</param>
/// <param name="StateWrites">Grain state writes per request, by the state's type, from Orleans' storage-write histogram.</param>
public sealed record WorkPerRequest(double GrainCalls, IReadOnlyDictionary<string, double> StateWrites)
{
    public double AllStateWrites => StateWrites.Values.Sum();

    /// <summary>The runtime's own counters over the window (what <c>dotnet-counters</c> shows), per request.</summary>
    public RuntimePerRequest? Runtime { get; init; }
}

/// <summary>
/// The .NET runtime's counters over the measured window, from the service's <c>System.Runtime</c> meter (the source
/// <c>dotnet-counters</c> reads), divided by the requests answered in it.
/// </summary>
/// <param name="AllocatedBytes">Bytes allocated on the managed heap per request.</param>
/// <param name="CollectionsPerThousand">Garbage collections per 1,000 requests, by generation (gen0 counts every collection).</param>
/// <param name="PauseShare">The share of the window the service spent paused for garbage collection.</param>
/// <param name="LockContentions">Times a thread waited for a monitor lock, per request.</param>
/// <param name="ThreadPoolItems">Work items the thread pool ran, per request (every await that resumed elsewhere, every Orleans turn).</param>
/// <param name="MethodsCompiled">Methods the JIT compiled in the window (zero in a steady state).</param>
public sealed record RuntimePerRequest(
    double AllocatedBytes, IReadOnlyDictionary<string, double> CollectionsPerThousand, double PauseShare, double LockContentions,
    double ThreadPoolItems, double MethodsCompiled);

/// <summary>
/// Reads the service's Prometheus page (<c>--metrics-url</c>, the service's own <c>/metrics</c>) before and after the
/// measured window and divides what Orleans counted by the requests: how many grain calls and state writes a request
/// costs, which a profile shows only as time. Counts are histogram <c>_count</c> series, summed over their labels.
/// </summary>
internal sealed partial class ServiceCounters(Uri? metricsUrl)
{
    private const string GrainCalls = "orleans_app_requests_latency";
    private const string StateWrites = "orleans_storage_write_latency";
    private const string Allocated = "dotnet_gc_heap_total_allocated_bytes_total";
    private const string Collections = "dotnet_gc_collections_total";
    private const string GcPause = "dotnet_gc_pause_time_seconds_total";
    private const string LockContentions = "dotnet_monitor_lock_contentions_total";
    private const string ThreadPoolItems = "dotnet_thread_pool_work_item_count_total";
    private const string MethodsCompiled = "dotnet_jit_compiled_methods_total";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public bool Enabled => metricsUrl is not null;

    /// <summary>Every <c>_count</c> series of the two histograms (named with their unit, <c>_milliseconds</c>), by name and labels.</summary>
    public async Task<IReadOnlyDictionary<string, double>> ReadAsync()
    {
        if (metricsUrl is null)
        {
            return new Dictionary<string, double>();
        }

        using var response = await Http.GetAsync(metricsUrl);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // A service run with its metrics switched off (an A/B arm that measures what they cost): nothing to count.
            return new Dictionary<string, double>();
        }

        var page = await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match line in CountLine().Matches(page).Concat(RuntimeLine().Matches(page)))
        {
            counts[line.Groups["series"].Value] = double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return counts;
    }

    public static WorkPerRequest Between(
        IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, long requests, TimeSpan window) =>
        OrleansWork(before, after, requests) with { Runtime = RuntimeWork(before, after, requests, window) };

    /// <summary>The runtime's counters per request; null when the page has none (runtime metrics switched off).</summary>
    private static RuntimePerRequest? RuntimeWork(
        IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, long requests, TimeSpan window)
    {
        if (!after.Keys.Any(k => SeriesName(k) == Allocated))
        {
            return null;
        }

        double Sum(string name) => after.Where(s => SeriesName(s.Key) == name).Sum(s => s.Value - before.GetValueOrDefault(s.Key));
        var perRequest = (double)Math.Max(1, requests);
        var collections = after.Keys.Where(k => SeriesName(k) == Collections)
            .ToDictionary(k => LabelValue(k, "gc_heap_generation") ?? "all", k => Math.Round((after[k] - before.GetValueOrDefault(k)) * 1000 / perRequest, 2));
        return new RuntimePerRequest(
            AllocatedBytes: Math.Round(Sum(Allocated) / perRequest),
            CollectionsPerThousand: collections,
            PauseShare: Sum(GcPause) / Math.Max(0.001, window.TotalSeconds),
            LockContentions: Math.Round(Sum(LockContentions) / perRequest, 3),
            ThreadPoolItems: Math.Round(Sum(ThreadPoolItems) / perRequest, 2),
            MethodsCompiled: Sum(MethodsCompiled));
    }

    private static string SeriesName(string series) => series.IndexOf('{') is var brace and >= 0 ? series[..brace] : series;

    private static WorkPerRequest OrleansWork(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, long requests)
    {
        double Delta(string series) => after[series] - before.GetValueOrDefault(series);
        var perRequest = Math.Max(1, requests);
        var calls = after.Keys.Where(k => k.StartsWith(GrainCalls, StringComparison.Ordinal)).Sum(Delta) / perRequest;
        var writes = after.Keys.Where(k => k.StartsWith(StateWrites, StringComparison.Ordinal))
            .GroupBy(StateType)
            .Select(g => (Type: g.Key, PerRequest: g.Sum(Delta) / perRequest))
            .Where(w => w.PerRequest > 0)
            .OrderByDescending(w => w.PerRequest)
            .ToDictionary(w => w.Type, w => Math.Round(w.PerRequest, 3));
        return new WorkPerRequest(Math.Round(calls, 3), writes);
    }

    /// <summary>The state's type from a write series' labels (Orleans tags each write with it and the state's name).</summary>
    private static string StateType(string series) => LabelValue(series, "state_type") ?? LabelValue(series, "state_name") ?? "state";

    private static string? LabelValue(string series, string label) =>
        Regex.Match(series, $@"[{{,]{label}=""([^""]*)""") is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"^(?<series>orleans_(?:app_requests|storage_write)_latency[a-z_]*_count(?:\{[^}]*\})?) (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex CountLine();

    /// <summary>The runtime's cumulative counters (each a Prometheus counter, so <c>_total</c>), with their labels.</summary>
    [GeneratedRegex(@"^(?<series>dotnet_(?:gc_heap_total_allocated_bytes|gc_collections|gc_pause_time_seconds|monitor_lock_contentions|thread_pool_work_item_count|jit_compiled_methods)_total(?:\{[^}]*\})?) (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex RuntimeLine();
}
