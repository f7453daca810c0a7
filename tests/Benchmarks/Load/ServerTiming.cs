using System.Globalization;

namespace GeminiClone.Benchmarks.Load;

/// <summary>Reads the model's time from a response's W3C <c>Server-Timing</c> field (<c>gemini;desc="Gemini";dur=203.4</c>).</summary>
public static class ServerTiming
{
    /// <summary>The series of a turn's latency less the model's time as the service measured it.</summary>
    public const string OverheadSeries = "overhead above Server-Timing";

    private const string ModelMetric = "gemini";

    /// <summary>The <c>dur</c> of the <c>gemini</c> metric in milliseconds; null when the service sent none.</summary>
    public static double? ModelMilliseconds(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Server-Timing", out var fields))
        {
            return null;
        }

        // A field lists metrics separated by commas, each a name and ;-separated parameters.
        foreach (var metric in fields.SelectMany(f => f.Split(',', StringSplitOptions.TrimEntries)))
        {
            var parts = metric.Split(';', StringSplitOptions.TrimEntries);
            if (parts[0] != ModelMetric)
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
