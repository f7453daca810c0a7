using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// A loopback stand-in for Gemini's v1beta REST API: <c>models/{model}:generateContent</c> and
/// <c>:streamGenerateContent?alt=sse</c>, in Gemini's own JSON shapes. It answers
/// <c>Reply #N: &lt;last user message&gt;</c>, N being the number of user turns it was sent, so a test can see how
/// much history arrived. Directives in the last user message inject behaviour:
/// <list type="bullet">
/// <item><c>[[latency:MS]]</c> wait MS before answering;</item>
/// <item><c>[[error:CODE]]</c> answer with Gemini's error body (429 carries a RetryInfo of 0.05 s);</item>
/// <item><c>[[flaky:N:CODE]]</c> fail the first N identical requests with CODE, then answer;</item>
/// <item><c>[[block-prompt]]</c> block the prompt (<c>promptFeedback.blockReason</c>);</item>
/// <item><c>[[block-reply]]</c> stop the answer for safety (<c>finishReason: SAFETY</c>);</item>
/// <item><c>[[garbage]]</c> answer 200 with a body that is not JSON.</item>
/// </list>
/// </summary>
public static partial class GeminiEmulatorApp
{
    private static readonly ConcurrentDictionary<string, int> FlakyAttempts = new();

    public static WebApplication Create(string[] args, Action<EmulatorOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOptions<EmulatorOptions>().BindConfiguration("Emulator").Configure(o => configure?.Invoke(o));
        builder.Services.AddSingleton<RequestLog>();

        var app = builder.Build();
        app.MapPost("/v1beta/models/{*modelAndMethod}", HandleAsync);
        app.MapGet("/_emulator/requests", (RequestLog log) => log.All.Select(r => r.Body));
        return app;
    }

    private static async Task HandleAsync(string modelAndMethod, HttpContext http, RequestLog log, Microsoft.Extensions.Options.IOptions<EmulatorOptions> options)
    {
        var emulator = options.Value;
        var (model, method) = modelAndMethod.Split(':', 2) is [var m, var x] ? (m, x) : (modelAndMethod, "");
        var streamed = method == "streamGenerateContent";
        if (method is not ("generateContent" or "streamGenerateContent"))
        {
            await WriteErrorAsync(http, 404, "NOT_FOUND", $"Method {method} is not found.");
            return;
        }

        var apiKey = http.Request.Headers["x-goog-api-key"].ToString();
        if (string.IsNullOrEmpty(apiKey))
        {
            await WriteErrorAsync(http, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers. Please use an API key.");
            return;
        }

        if (await JsonNode.ParseAsync(http.Request.Body) is not JsonObject body)
        {
            await WriteErrorAsync(http, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
            return;
        }

        var request = new RecordedRequest(model, streamed, apiKey, body);
        log.Add(request);
        var turns = request.Turns;
        var lastUser = turns.LastOrDefault(t => t.Role == "user").Text ?? "";

        var latency = Directive(lastUser, "latency") is { } ms ? int.Parse(ms, CultureInfo.InvariantCulture) : emulator.LatencyMs;
        if (latency > 0)
        {
            await Task.Delay(latency, http.RequestAborted);
        }

        if (Directive(lastUser, "error") is { } code)
        {
            await WriteErrorAsync(http, int.Parse(code, CultureInfo.InvariantCulture));
            return;
        }

        if (Directive(lastUser, "flaky") is { } flaky && flaky.Split(':') is [var times, var flakyCode]
            && FlakyAttempts.AddOrUpdate(lastUser, 1, (_, n) => n + 1) <= int.Parse(times, CultureInfo.InvariantCulture))
        {
            await WriteErrorAsync(http, int.Parse(flakyCode, CultureInfo.InvariantCulture));
            return;
        }

        if (lastUser.Contains("[[garbage]]", StringComparison.Ordinal))
        {
            http.Response.ContentType = streamed ? "text/event-stream" : "application/json";
            await http.Response.WriteAsync(streamed ? "data: {not json\n\n" : "<html>not json</html>");
            return;
        }

        if (lastUser.Contains("[[block-prompt]]", StringComparison.Ordinal))
        {
            var blocked = new JsonObject
            {
                ["promptFeedback"] = new JsonObject { ["blockReason"] = "SAFETY" },
                ["usageMetadata"] = Usage(turns, ""),
                ["modelVersion"] = model,
            };
            await WriteAnswerAsync(http, streamed, [blocked], 0);
            return;
        }

        var userTurns = turns.Count(t => t.Role == "user");
        var reply = $"Reply #{userTurns}: {lastUser}";
        var finish = lastUser.Contains("[[block-reply]]", StringComparison.Ordinal) ? "SAFETY" : "STOP";
        var chunks = streamed ? Split(finish == "SAFETY" ? "" : reply, emulator.StreamChunks) : [finish == "SAFETY" ? "" : reply];
        var responses = chunks.Select((text, i) => Candidate(model, text, i == chunks.Count - 1 ? finish : null, turns, reply)).ToList();
        await WriteAnswerAsync(http, streamed, responses, emulator.ChunkIntervalMs);
    }

    private static JsonObject Candidate(string model, string text, string? finishReason, IReadOnlyList<(string Role, string Text)> turns, string reply)
    {
        var candidate = new JsonObject
        {
            ["content"] = new JsonObject
            {
                ["role"] = "model",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = text }),
            },
            ["index"] = 0,
        };
        if (finishReason is not null)
        {
            candidate["finishReason"] = finishReason;
        }

        return new JsonObject
        {
            ["candidates"] = new JsonArray(candidate),
            ["usageMetadata"] = Usage(turns, reply),
            ["modelVersion"] = model,
            ["responseId"] = "emulated-" + Guid.NewGuid().ToString("N")[..12],
        };
    }

    private static JsonObject Usage(IReadOnlyList<(string Role, string Text)> turns, string reply)
    {
        var prompt = Math.Max(1, turns.Sum(t => t.Text.Length) / 4);
        var output = reply.Length / 4;
        return new JsonObject { ["promptTokenCount"] = prompt, ["candidatesTokenCount"] = output, ["totalTokenCount"] = prompt + output };
    }

    private static async Task WriteAnswerAsync(HttpContext http, bool streamed, IReadOnlyList<JsonObject> responses, int intervalMs)
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

    private static Task WriteErrorAsync(HttpContext http, int code) => code switch
    {
        429 => WriteErrorAsync(http, 429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", retryDelay: "0.05s"),
        500 => WriteErrorAsync(http, 500, "INTERNAL", "An internal error has occurred."),
        503 => WriteErrorAsync(http, 503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
        400 => WriteErrorAsync(http, 400, "INVALID_ARGUMENT", "Request contains an invalid argument."),
        _ => WriteErrorAsync(http, code, "UNKNOWN", "Emulated error."),
    };

    private static Task WriteErrorAsync(HttpContext http, int code, string status, string message, string? retryDelay = null)
    {
        var details = new JsonArray();
        if (retryDelay is not null)
        {
            details.Add(new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.RetryInfo", ["retryDelay"] = retryDelay });
        }

        http.Response.StatusCode = code;
        return http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status, ["details"] = details },
        });
    }

    private static List<string> Split(string text, int chunks)
    {
        var words = Regex.Split(text, @"(?<=\s)");
        var size = (int)Math.Ceiling(words.Length / (double)Math.Max(1, chunks));
        return [.. words.Chunk(Math.Max(1, size)).Select(chunk => string.Concat(chunk))];
    }

    private static string? Directive(string text, string name)
    {
        var match = Regex.Match(text, $@"\[\[{name}:([^\]]+)\]\]");
        return match.Success ? match.Groups[1].Value : null;
    }
}
