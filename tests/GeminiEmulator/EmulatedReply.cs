using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// The emulator's answer (<see cref="EmulatedAnswer"/>) in Gemini's JSON, with usage and the answer's signature; whole,
/// or streamed as server-sent events: each part that is not the answer's text in a chunk of its own, the text cut
/// into chunks, and what the candidate says beside its content (grounding, URL context) on the last, with the
/// finish reason, as Gemini streams it.
/// </summary>
internal static class EmulatedReply
{
    public static Task WriteAsync(HttpContext http, EmulatedTurn turn, EmulatorHolds holds)
    {
        var answer = EmulatedAnswer.For(turn);
        var level = turn.Request.ThinkingConfig?["thinkingLevel"]?.GetValue<string>()?.ToLowerInvariant();
        var thoughtTokens = level switch { "minimal" => 0, "low" => 8, "high" => 32, _ => 16 };
        var usage = Usage(turn.Request.Turns, answer.WholeText, thoughtTokens, answer.ToolPromptTokens);
        turn.Request.AnsweredUsage = usage;
        var responses = turn.Streamed
            ? Streamed(turn.Model, answer, turn.Number("chunks", turn.Emulator.StreamChunks), usage)
            : [Candidate(turn.Model, Whole(answer), answer, usage)];
        var hold = turn.Directive("hold");
        var stampArrivedAt = turn.Has(StandInTime.Directive) ? turn.ArrivedAt : (long?)null;
        return WriteResponsesAsync(http, turn.Streamed, responses, turn.Number("chunk-interval", turn.Emulator.ChunkIntervalMs),
            hold is null ? null : () => holds.WaitAsync(hold, http.RequestAborted), stampArrivedAt);
    }

    private static JsonArray Whole(EmulatedAnswer answer)
    {
        var parts = new JsonArray();
        foreach (var part in Thoughts(answer).Concat(answer.Steps))
        {
            parts.Add(part.DeepClone());
        }

        parts.Add(answer.WholeText.Length > 0
            ? new JsonObject { ["text"] = answer.Text, ["thoughtSignature"] = GeminiEmulatorApp.SignatureFor(answer.WholeText) }
            : new JsonObject { ["text"] = answer.Text });
        if (answer.Image is not null)
        {
            parts.Add(answer.Image.DeepClone());
        }

        return parts;
    }

    private static List<JsonObject> Streamed(string model, EmulatedAnswer answer, int chunks, JsonObject usage)
    {
        var responses = new List<JsonObject>();
        foreach (var part in Thoughts(answer).Concat(answer.Steps))
        {
            responses.Add(Candidate(model, new JsonArray(part.DeepClone()), null, usage));
        }

        foreach (var chunk in Split(answer.Text, chunks))
        {
            responses.Add(Candidate(model, new JsonArray(new JsonObject { ["text"] = chunk }), null, usage));
        }

        if (answer.Image is not null)
        {
            responses.Add(Candidate(model, new JsonArray(answer.Image.DeepClone()), null, usage));
        }

        // Gemini 3 streams the signature last, on a part with no text.
        var last = answer.WholeText.Length > 0
            ? new JsonArray(new JsonObject { ["text"] = "", ["thoughtSignature"] = GeminiEmulatorApp.SignatureFor(answer.WholeText) })
            : new JsonArray();
        responses.Add(Candidate(model, last, answer, usage));
        return responses;
    }

    private static IEnumerable<JsonObject> Thoughts(EmulatedAnswer answer)
    {
        if (answer.Thought is not null)
        {
            yield return new JsonObject { ["text"] = answer.Thought, ["thought"] = true };
        }

        if (answer.DraftImage is not null)
        {
            yield return answer.DraftImage;
        }
    }

    /// <summary>A response with one candidate; <paramref name="ending"/> (on a whole answer or a stream's last chunk) ends it.</summary>
    private static JsonObject Candidate(string model, JsonArray parts, EmulatedAnswer? ending, JsonObject usage)
    {
        var candidate = new JsonObject
        {
            ["content"] = new JsonObject { ["role"] = "model", ["parts"] = parts },
            ["index"] = 0,
        };
        if (ending is not null)
        {
            candidate["finishReason"] = ending.Finish;
            if (ending.GroundingMetadata is not null)
            {
                candidate["groundingMetadata"] = ending.GroundingMetadata.DeepClone();
            }

            if (ending.UrlContextMetadata is not null)
            {
                candidate["urlContextMetadata"] = ending.UrlContextMetadata.DeepClone();
            }
        }

        return new JsonObject
        {
            ["candidates"] = new JsonArray(candidate),
            ["usageMetadata"] = usage.DeepClone(),
            ["modelVersion"] = model + "-001",
            ["responseId"] = "emulated-" + Guid.NewGuid().ToString("N")[..12],
        };
    }

    /// <summary>Gemini's <c>usageMetadata</c>; <c>toolUsePromptTokenCount</c> only when a tool read something, counted in the total as Gemini counts it.</summary>
    public static JsonObject Usage(IReadOnlyList<(string Role, string Text)> turns, string reply, int thoughts, int toolPrompt = 0)
    {
        var prompt = Math.Max(1, turns.Sum(t => t.Text.Length) / 4);
        var output = reply.Length / 4;
        var usage = new JsonObject
        {
            ["promptTokenCount"] = prompt,
            ["candidatesTokenCount"] = output,
            ["thoughtsTokenCount"] = thoughts,
        };
        if (toolPrompt > 0)
        {
            usage["toolUsePromptTokenCount"] = toolPrompt;
        }

        usage["totalTokenCount"] = prompt + output + thoughts + toolPrompt;
        return usage;
    }

    /// <param name="held">Waited for after the first chunk (streamed) or before the answer (plain): <c>[[hold:KEY]]</c>.</param>
    /// <param name="stampArrivedAt">
    /// When the request reached the handler, for <c>[[stand-in-time]]</c>: the answer's (streamed: the first chunk's)
    /// text then begins with the time from this to its writing (<see cref="StandInTime"/>).
    /// </param>
    public static async Task WriteResponsesAsync(
        HttpContext http, bool streamed, IReadOnlyList<JsonObject> responses, int intervalMs, Func<Task>? held = null,
        long? stampArrivedAt = null)
    {
        if (!streamed)
        {
            if (held is not null)
            {
                await held();
            }

            if (stampArrivedAt is { } arrivedAt)
            {
                StandInTime.Stamp(responses[^1], arrivedAt);
            }

            await http.Response.WriteAsJsonAsync(responses[^1]);
            return;
        }

        if (!http.Response.HasStarted)
        {
            http.Response.ContentType = "text/event-stream";
        }

        for (var i = 0; i < responses.Count; i++)
        {
            if (i > 0 && intervalMs > 0)
            {
                await Task.Delay(intervalMs, http.RequestAborted);
            }

            if (i == 0 && stampArrivedAt is { } firstArrivedAt)
            {
                StandInTime.Stamp(responses[i], firstArrivedAt);
            }

            await http.Response.WriteAsync($"data: {responses[i].ToJsonString()}\r\n\r\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            if (i == 0 && held is not null)
            {
                await held();
            }
        }
    }

    private static List<string> Split(string text, int chunks)
    {
        var words = Regex.Split(text, @"(?<=\s)");
        var size = (int)Math.Ceiling(words.Length / (double)Math.Max(1, chunks));
        return [.. words.Chunk(Math.Max(1, size)).Select(chunk => string.Concat(chunk))];
    }
}
