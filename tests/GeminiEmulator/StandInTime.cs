using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// <c>[[stand-in-time]]</c>: the answer's text (streamed: the first chunk's) begins with <c>[[stand-in-time:µs]]</c>, the
/// microseconds from the request reaching the emulator's handler to the emulator starting to write that answer or chunk.
/// A client that knows how long it waited for the answer (or the first streamed event) then knows how much of that wait
/// was the model's, the emulator's lateness included (its timer fires a few milliseconds after the nominal latency, more
/// on a busy machine), and how much the service's, by a yardstick that does not rest on the service's own word (its
/// <c>Server-Timing</c>, a plain turn's wait for the answer, a stream's for the first event). Counted as the service's
/// here, unlike under <c>Server-Timing</c>: the request's loopback transit until the emulator's handler starts, and the
/// emulator's serializing and writing of the answer and its transit back (the request body's reading and parsing counts
/// as the model's, as it does there). Both durations are read within one process each, so no clock is shared.
/// The stamp goes into the first part with text, a thought summary included: a service that hides thoughts drops it
/// with them. It is not in the answer's signature nor in grounding offsets: not for use with signature checks
/// (<c>[[strict]]</c>, <see cref="EmulatorOptions.StrictSignatures"/>) or grounding. Benchmarks only
/// (<c>tests/Benchmarks/Load</c>).
/// </summary>
public static partial class StandInTime
{
    /// <summary>The directive, in the last user message, that asks for the stamp.</summary>
    public const string Directive = "stand-in-time";

    /// <summary>
    /// Begins the first text of <paramref name="response"/> (an answer or streamed chunk about to be written) with the
    /// stamp, for a request whose handler started at <paramref name="arrivedAt"/> (<see cref="Stopwatch.GetTimestamp"/>).
    /// </summary>
    public static void Stamp(JsonObject response, long arrivedAt)
    {
        var parts = response["candidates"]?[0]?["content"]?["parts"]?.AsArray() ?? [];
        if (parts.OfType<JsonObject>().FirstOrDefault(part => part["text"] is not null) is { } part)
        {
            var microseconds = (long)Stopwatch.GetElapsedTime(arrivedAt).TotalMicroseconds;
            part["text"] = string.Create(CultureInfo.InvariantCulture, $"[[{Directive}:{microseconds}]] {part["text"]!.GetValue<string>()}");
        }
    }

    /// <summary>The emulator's own milliseconds stamped in <paramref name="text"/> (an answer, an SSE line); null without a stamp.</summary>
    public static double? Milliseconds(string text)
    {
        var match = Stamped().Match(text);
        return match.Success && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds)
            ? microseconds / 1000.0
            : null;
    }

    [GeneratedRegex(@"\[\[stand-in-time:([0-9]+)\]\]")]
    private static partial Regex Stamped();
}
