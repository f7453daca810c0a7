using System.Globalization;
using System.Text.RegularExpressions;

namespace GeminiClone.Benchmarks.Load;

/// <summary>What the service did per request in the measured window: grain calls and state writes, by kind.</summary>
/// <param name="GrainCalls">Application grain calls per request, from Orleans' request-latency histogram's count.</param>
/// <param name="StateWrites">Grain state writes per request, by the state's type, from Orleans' storage-write histogram.</param>
public sealed record WorkPerRequest(double GrainCalls, IReadOnlyDictionary<string, double> StateWrites)
{
    public double AllStateWrites => StateWrites.Values.Sum();
}

/// <summary>
/// Reads the service's Prometheus page (<c>--metrics-url</c>, the service's own <c>/metrics</c>) before and after the
/// measured window and divides what Orleans counted by the requests: how many grain calls and state writes a request
/// costs, which a profile shows only as time. Counts are histogram <c>_count</c> series, summed over their labels.
/// </summary>
internal sealed partial class ServiceCounters(Uri? metricsUrl)
{
    private const string GrainCalls = "orleans_app_requests_latency";
    private const string StateWrites = "orleans_storage_write_latency";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public bool Enabled => metricsUrl is not null;

    /// <summary>Every <c>_count</c> series of the two histograms (named with their unit, <c>_milliseconds</c>), by name and labels.</summary>
    public async Task<IReadOnlyDictionary<string, double>> ReadAsync()
    {
        if (metricsUrl is null)
        {
            return new Dictionary<string, double>();
        }

        var page = await Http.GetStringAsync(metricsUrl);
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match line in CountLine().Matches(page))
        {
            counts[line.Groups["series"].Value] = double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return counts;
    }

    public static WorkPerRequest Between(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, long requests)
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
}
