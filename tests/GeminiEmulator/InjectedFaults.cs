using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// The directives that make the emulator slow or make it fail instead of replying: <c>[[latency]]</c>,
/// <c>[[rate-limited]]</c>, <c>[[error]]</c>, <c>[[flaky]]</c>, <c>[[garbage]]</c>, <c>[[block-prompt]]</c>, <c>[[no-candidates]]</c>.
/// </summary>
internal static class InjectedFaults
{
    private static readonly ConcurrentDictionary<string, int> FlakyAttempts = new();

    /// <summary>Waits as long as asked, then answers what a directive asks for instead of a reply: true when it did.</summary>
    public static async Task<bool> AnsweredAsync(HttpContext http, EmulatedTurn turn)
    {
        if (turn.Streamed && turn.Has("headers-first"))
        {
            // As Gemini starts a stream while its model still thinks: the headers now, the first event when it answers.
            http.Response.ContentType = "text/event-stream";
            await http.Response.StartAsync(http.RequestAborted);
            // Starting only marks the response started; a flush puts the headers on the wire.
            await http.Response.Body.FlushAsync(http.RequestAborted);
        }

        var latency = turn.Number("latency", turn.Emulator.LatencyMs);
        if (latency > 0)
        {
            await WaitAtLeastAsync(TimeSpan.FromMilliseconds(latency), http.RequestAborted);
        }

        if (Failure(turn) is { } failure)
        {
            await failure.WriteAsync(http);
            return true;
        }

        if (turn.Has("garbage"))
        {
            http.Response.ContentType = turn.Streamed ? "text/event-stream" : "application/json";
            await http.Response.WriteAsync(turn.Streamed ? "data: {not json\n\n" : "<html>not json</html>");
            return true;
        }

        if (Refusal(turn) is { } refusal)
        {
            await EmulatedReply.WriteResponsesAsync(http, turn.Streamed, [refusal], 0);
            return true;
        }

        return false;
    }

    private static GeminiError? Failure(EmulatedTurn turn)
    {
        if (turn.Directive("rate-limited") is { } seconds)
        {
            return new(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", RetryDelay: seconds + "s");
        }

        if (turn.Directive("error") is { } code)
        {
            return GeminiError.For(int.Parse(code, CultureInfo.InvariantCulture));
        }

        return turn.Directive("flaky") is { } flaky && flaky.Split(':') is [var times, var flakyCode]
            && FlakyAttempts.AddOrUpdate(turn.LastUser, 1, (_, n) => n + 1) <= int.Parse(times, CultureInfo.InvariantCulture)
            ? GeminiError.For(int.Parse(flakyCode, CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>A 200 with no answer in it: a blocked prompt, or no candidates at all.</summary>
    private static JsonObject? Refusal(EmulatedTurn turn)
    {
        if (turn.Reason("block-prompt") is { } promptReason)
        {
            var usage = EmulatedReply.Usage(turn.Request.Turns, "", 0);
            turn.Request.AnsweredUsage = usage;
            return new JsonObject
            {
                ["promptFeedback"] = new JsonObject { ["blockReason"] = promptReason },
                ["usageMetadata"] = usage.DeepClone(),
                ["modelVersion"] = turn.Model,
            };
        }

        return turn.Has("no-candidates") ? new JsonObject { ["candidates"] = new JsonArray(), ["modelVersion"] = turn.Model } : null;
    }

    /// <summary>
    /// A model's latency is a floor: <see cref="Task.Delay(TimeSpan, CancellationToken)"/> counts whole ticks of a
    /// coarse clock and can end just short (299.4 ms for 300 was seen), so the rest is waited for too.
    /// </summary>
    private static async Task WaitAtLeastAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var left = wait; left > TimeSpan.Zero; left = wait - Stopwatch.GetElapsedTime(started))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), cancellationToken);
        }
    }
}
