using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// The emulator's answer, in Gemini's JSON: <c>Reply #N: &lt;last user message&gt;</c> (with what files it saw), thought
/// summaries when asked for, usage, and the answer's signature; whole, or streamed as server-sent events.
/// </summary>
internal static class EmulatedReply
{
    public static Task WriteAsync(HttpContext http, EmulatedTurn turn)
    {
        var (answer, finish) = Answer(turn);
        var level = turn.Request.ThinkingConfig?["thinkingLevel"]?.GetValue<string>()?.ToLowerInvariant();
        var thoughtTokens = level switch { "minimal" => 0, "low" => 8, "high" => 32, _ => 16 };
        var thought = turn.Request.ThinkingConfig?["includeThoughts"]?.GetValue<bool>() == true || turn.Has("unasked-thoughts")
            ? $"Thinking ({level ?? "default"}) about: {turn.LastUser}"
            : null;
        var usage = Usage(turn.Request.Turns, answer, thoughtTokens);
        var responses = turn.Streamed
            ? Streamed(turn, answer, thought, finish, usage)
            : [Candidate(turn.Model, Whole(answer, thought), finish, usage)];
        return WriteResponsesAsync(http, turn.Streamed, responses, turn.Number("chunk-interval", turn.Emulator.ChunkIntervalMs));
    }

    /// <summary>The answer's text and finish reason: empty when blocked, cut in half at <c>[[max-tokens]]</c>.</summary>
    private static (string Answer, string Finish) Answer(EmulatedTurn turn)
    {
        var userTurns = turn.Request.Turns.Count(t => t.Role == "user");
        string[] seen =
        [
            .. turn.Request.LastUserInlineData.Select(f => $"{f.MimeType} {f.Bytes!.Length} bytes"),
            .. turn.Request.LastUserFileData.Select(f => $"file {f.MimeType} {turn.Files.Find(f.Uri)!.Bytes.Length} bytes"),
        ];
        var reply = $"Reply #{userTurns}: {turn.LastUser}" + (seen.Length > 0 ? $" [saw {string.Join(", ", seen)}]" : "");
        var finish = turn.Reason("block-reply") ?? "STOP";
        if (turn.Has("max-tokens"))
        {
            (reply, finish) = (reply[..(reply.Length / 2)], "MAX_TOKENS");
        }

        return (finish is "STOP" or "MAX_TOKENS" ? reply : "", finish);
    }

    private static JsonArray Whole(string answer, string? thought)
    {
        var parts = new JsonArray();
        if (thought is not null)
        {
            parts.Add(new JsonObject { ["text"] = thought, ["thought"] = true });
        }

        parts.Add(answer.Length > 0 ? new JsonObject { ["text"] = answer, ["thoughtSignature"] = GeminiEmulatorApp.SignatureFor(answer) } : new JsonObject { ["text"] = answer });
        return parts;
    }

    private static List<JsonObject> Streamed(EmulatedTurn turn, string answer, string? thought, string finish, JsonObject usage)
    {
        var responses = new List<JsonObject>();
        if (thought is not null)
        {
            responses.Add(Candidate(turn.Model, new JsonArray(new JsonObject { ["text"] = thought, ["thought"] = true }), null, usage));
        }

        foreach (var chunk in Split(answer, turn.Number("chunks", turn.Emulator.StreamChunks)))
        {
            responses.Add(Candidate(turn.Model, new JsonArray(new JsonObject { ["text"] = chunk }), null, usage));
        }

        // Gemini 3 streams the signature last, on a part with no text.
        var last = answer.Length > 0 ? new JsonArray(new JsonObject { ["text"] = "", ["thoughtSignature"] = GeminiEmulatorApp.SignatureFor(answer) }) : new JsonArray();
        responses.Add(Candidate(turn.Model, last, finish, usage));
        return responses;
    }

    private static JsonObject Candidate(string model, JsonArray parts, string? finishReason, JsonObject usage)
    {
        var candidate = new JsonObject
        {
            ["content"] = new JsonObject { ["role"] = "model", ["parts"] = parts },
            ["index"] = 0,
        };
        if (finishReason is not null)
        {
            candidate["finishReason"] = finishReason;
        }

        return new JsonObject
        {
            ["candidates"] = new JsonArray(candidate),
            ["usageMetadata"] = usage.DeepClone(),
            ["modelVersion"] = model + "-001",
            ["responseId"] = "emulated-" + Guid.NewGuid().ToString("N")[..12],
        };
    }

    public static JsonObject Usage(IReadOnlyList<(string Role, string Text)> turns, string reply, int thoughts)
    {
        var prompt = Math.Max(1, turns.Sum(t => t.Text.Length) / 4);
        var output = reply.Length / 4;
        return new JsonObject
        {
            ["promptTokenCount"] = prompt,
            ["candidatesTokenCount"] = output,
            ["thoughtsTokenCount"] = thoughts,
            ["totalTokenCount"] = prompt + output + thoughts,
        };
    }

    public static async Task WriteResponsesAsync(HttpContext http, bool streamed, IReadOnlyList<JsonObject> responses, int intervalMs)
    {
        if (!streamed)
        {
            await http.Response.WriteAsJsonAsync(responses[^1]);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        for (var i = 0; i < responses.Count; i++)
        {
            if (i > 0 && intervalMs > 0)
            {
                await Task.Delay(intervalMs, http.RequestAborted);
            }

            await http.Response.WriteAsync($"data: {responses[i].ToJsonString()}\r\n\r\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
        }
    }

    private static List<string> Split(string text, int chunks)
    {
        var words = Regex.Split(text, @"(?<=\s)");
        var size = (int)Math.Ceiling(words.Length / (double)Math.Max(1, chunks));
        return [.. words.Chunk(Math.Max(1, size)).Select(chunk => string.Concat(chunk))];
    }
}
