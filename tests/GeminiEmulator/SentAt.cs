using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// <c>[[sent-at]]</c>: the answer (streamed: its first chunk) begins with <c>[[sent-at:A:S]]</c>, A being the moment the
/// request reached the emulator and S the moment it wrote that answer or chunk, on this machine's monotonic clock
/// (<see cref="Stopwatch.GetTimestamp"/>, which every process on one Linux machine reads alike). A client on the same
/// machine reading the service's answer or first streamed event then knows how much of its wait was the model's (S − A,
/// the emulator's lateness included: its timer fires a few milliseconds after the nominal latency, more on a busy
/// machine) and how much the service's: for streams what <c>Server-Timing</c> is for plain turns, which a stream
/// cannot carry because its headers leave before the model answers; for plain turns the same yardstick as streams'.
/// Stricter than <c>Server-Timing</c>: the loopback transits to and from the emulator, and its reading of the request,
/// count as the service's. The stamp is not in the answer's signature: not for use with <c>[[strict]]</c>.
/// Benchmarks only (<c>tests/Benchmarks/Load</c>).
/// </summary>
public static partial class SentAt
{
    /// <summary>The directive, in the last user message, that asks for the stamp.</summary>
    public const string Directive = "sent-at";

    /// <summary>
    /// Begins the first text of <paramref name="response"/> (an answer or streamed chunk about to be written) with the stamp, for
    /// a request that reached the emulator at <paramref name="arrivedAt"/>.
    /// </summary>
    public static void Stamp(JsonObject response, long arrivedAt)
    {
        var parts = response["candidates"]?[0]?["content"]?["parts"]?.AsArray() ?? [];
        if (parts.OfType<JsonObject>().FirstOrDefault(part => part["text"] is not null) is { } part)
        {
            var stamp = string.Create(CultureInfo.InvariantCulture, $"[[{Directive}:{arrivedAt}:{Stopwatch.GetTimestamp()}]]");
            part["text"] = $"{stamp} {part["text"]!.GetValue<string>()}";
        }
    }

    /// <summary>
    /// The milliseconds of <paramref name="sentAt"/> to <paramref name="receivedAt"/> (a client's
    /// <see cref="Stopwatch.GetTimestamp"/>s: its request sent, the event holding <paramref name="text"/> read) that
    /// were not the emulator's, by the stamp in the text; null without one.
    /// </summary>
    public static double? MillisecondsAboveEmulator(string text, long sentAt, long receivedAt)
    {
        var match = Stamped().Match(text);
        return match.Success
            && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var arrived)
            && long.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var written)
            ? (Stopwatch.GetElapsedTime(sentAt, receivedAt) - Stopwatch.GetElapsedTime(arrived, written)).TotalMilliseconds
            : null;
    }

    [GeneratedRegex(@"\[\[sent-at:([0-9]+):([0-9]+)\]\]")]
    private static partial Regex Stamped();
}
