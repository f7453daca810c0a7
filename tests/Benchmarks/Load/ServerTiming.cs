using System.Globalization;

namespace GeminiClone.Benchmarks.Load;

/// <summary>
/// Reads the model's time from a response's W3C <c>Server-Timing</c> field: a plain turn's wait for the answer
/// (<c>gemini;desc="Gemini";dur=203.4</c>), a stream's for the model's first event (<c>gemini-first;…;dur=180.2</c>).
/// </summary>
public static class ServerTiming
{
    /// <summary>The series of a turn's latency less the model's time as the service measured it.</summary>
    public const string OverheadSeries = "overhead above Server-Timing";

    /// <summary>The series of a stream's first event less the model's time to its first event as the service measured it.</summary>
    public const string FirstEventSeries = "first event above Server-Timing";

    /// <summary>A plain turn's metric: its wait for Gemini's answer.</summary>
    public const string ModelMetric = "gemini";

    /// <summary>A stream's metric: its wait for Gemini's first event.</summary>
    public const string FirstEventMetric = "gemini-first";

    /// <summary>The <c>dur</c> of <paramref name="metric"/> in milliseconds; null when the service sent none.</summary>
    public static double? ModelMilliseconds(HttpResponseMessage response, string metric = ModelMetric)
    {
        if (!response.Headers.TryGetValues("Server-Timing", out var fields))
        {
            return null;
        }

        // A field lists metrics separated by commas, each a name and ;-separated parameters.
        foreach (var field in fields.SelectMany(f => f.Split(',', StringSplitOptions.TrimEntries)))
        {
            var parts = field.Split(';', StringSplitOptions.TrimEntries);
            if (parts[0] != metric)
            {
                continue;
            }

            foreach (var parameter in parts.Skip(1))
            {
                if (parameter.StartsWith("dur=", StringComparison.Ordinal)
                    && double.TryParse(parameter.AsSpan(4), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
                {
                    return milliseconds;
                }
            }
        }

        return null;
    }
}
