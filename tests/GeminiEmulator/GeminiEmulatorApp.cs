using System.Collections.Concurrent;
using System.Globalization;
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
/// <item><c>[[chunks:N]]</c> and <c>[[chunk-interval:MS]]</c> stream the answer in N chunks MS apart (a slow answer to stop or resume);</item>
/// <item><c>[[error:CODE]]</c> answer with Gemini's error body (429 carries a RetryInfo of 0.05 s);</item>
/// <item><c>[[rate-limited:SECONDS]]</c> answer 429 with a RetryInfo of that many seconds;</item>
/// <item><c>[[flaky:N:CODE]]</c> fail the first N identical requests with CODE, then answer;</item>
/// <item><c>[[block-prompt]]</c> or <c>[[block-prompt:REASON]]</c> block the prompt (<c>promptFeedback.blockReason</c>);</item>
/// <item><c>[[block-reply]]</c> or <c>[[block-reply:REASON]]</c> end the answer with that finish reason (default SAFETY);</item>
/// <item><c>[[max-tokens]]</c> stop half-way with <c>finishReason: MAX_TOKENS</c>;</item>
/// <item><c>[[no-candidates]]</c> answer with an empty candidate list;</item>
/// <item><c>[[strict]]</c> check the history's thought signatures for this request;</item>
/// <item><c>[[unasked-thoughts]]</c> send thought summaries although <c>includeThoughts</c> was not set (models have);</item>
/// <item><c>[[garbage]]</c> answer 200 with a body that is not JSON.</item>
/// </list>
/// Like Gemini 3 it validates <c>thinkingConfig</c>, answers thought summaries when <c>includeThoughts</c> is set,
/// reports <c>thoughtsTokenCount</c>, and signs every answer: the signature (<see cref="SignatureFor"/>) rides on the
/// answer's text part, or in streaming on a last chunk with empty text, as Google documents.
/// </summary>
public static partial class GeminiEmulatorApp
{
    /// <summary>The media types Gemini takes inline (images, documents, audio, video), as its docs list them.</summary>
    private static readonly HashSet<string> InlineTypes =
    [
        "image/png", "image/jpeg", "image/webp", "image/heic", "image/heif", "image/gif", "application/pdf", "text/plain",
        "audio/wav", "audio/mp3", "audio/aiff", "audio/aac", "audio/ogg", "audio/flac", "video/mp4", "video/mpeg", "video/webm",
    ];

    private static readonly ConcurrentDictionary<string, int> FlakyAttempts = new();

    private static readonly string[] ThinkingLevels = ["minimal", "low", "medium", "high"];

    /// <summary>The signature this emulator gives an answer: opaque to the client, checkable by the emulator alone.</summary>
    public static string SignatureFor(string answer) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("emulated-thought:" + answer)));

    public static WebApplication Create(string[] args, Action<EmulatorOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOptions<EmulatorOptions>().BindConfiguration("Emulator").Configure(o => configure?.Invoke(o));
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.AddSingleton<EmulatedFiles>();

        var app = builder.Build();
        app.MapPost("/v1beta/models/{*modelAndMethod}", HandleRecordingAbortsAsync);
        app.MapGet("/_emulator/requests", (RequestLog log) => log.All.Select(r => r.Body));
        EmulatedFiles.Map(app);
        return app;
    }

    /// <summary>A client that hangs up mid-answer (a stopped turn) leaves its request marked <see cref="RecordedRequest.Aborted"/>.</summary>
    private static async Task HandleRecordingAbortsAsync(
        string modelAndMethod, HttpContext http, RequestLog log, Microsoft.Extensions.Options.IOptions<EmulatorOptions> options)
    {
        try
        {
            await HandleAsync(modelAndMethod, http, log, options);
        }
        catch (Exception e) when (http.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            log.MarkAborted(http);
        }
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

        bool shutDown;
        lock (emulator.ShutDownModels)
        {
            shutDown = emulator.ShutDownModels.Contains(model);
        }

        if (shutDown)
        {
            await WriteErrorAsync(http, 404, "NOT_FOUND", $"models/{model} is not found for API version v1beta, or is not supported for generateContent.");
            return;
        }

        var request = new RecordedRequest(model, streamed, apiKey, body);
        log.Add(request, http);
        var turns = request.Turns;
        var lastUser = turns.LastOrDefault(t => t.Role == "user").Text ?? "";
        // As Gemini does: every inline file needs a media type it reads and base64 that decodes.
        if (request.InlineData.FirstOrDefault(d => d.Bytes is null || !InlineTypes.Contains(d.MimeType)) is { MimeType: not null } bad)
        {
            await WriteErrorAsync(http, 400, "INVALID_ARGUMENT", bad.Bytes is null
                ? "Invalid value at 'contents.parts.inline_data.data': base64 decoding failed."
                : $"Unsupported MIME type: {bad.MimeType}");
            return;
        }

        var files = http.RequestServices.GetRequiredService<EmulatedFiles>();
        if (request.FileData.FirstOrDefault(f => files.Find(f.Uri) is null) is { Uri: not null } missing)
        {
            await WriteErrorAsync(http, 403, "PERMISSION_DENIED", $"You do not have permission to access the File {missing.Uri} or it may not exist.");
            return;
        }

        if (ThinkingConfigError(model, request.ThinkingConfig) is { } thinkingError)
        {
            await WriteErrorAsync(http, 400, "INVALID_ARGUMENT", thinkingError);
            return;
        }

        if ((emulator.StrictSignatures || lastUser.Contains("[[strict]]", StringComparison.Ordinal))
            && request.ModelTurns.Any(t => !t.Signatures.Contains(SignatureFor(t.Text))))
        {
            await WriteErrorAsync(http, 400, "INVALID_ARGUMENT", "A model turn in contents is missing its thought_signature.");
            return;
        }

        var latency = Directive(lastUser, "latency") is { } ms ? int.Parse(ms, CultureInfo.InvariantCulture) : emulator.LatencyMs;
        if (latency > 0)
        {
            await Task.Delay(latency, http.RequestAborted);
        }

        if (Directive(lastUser, "rate-limited") is { } seconds)
        {
            await WriteErrorAsync(http, 429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", retryDelay: seconds + "s");
            return;
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

        var level = request.ThinkingConfig?["thinkingLevel"]?.GetValue<string>()?.ToLowerInvariant();
        var thoughtTokens = level switch { "minimal" => 0, "low" => 8, "high" => 32, _ => 16 };
        var promptReason = Directive(lastUser, "block-prompt") ?? (lastUser.Contains("[[block-prompt]]", StringComparison.Ordinal) ? "SAFETY" : null);
        if (promptReason is not null)
        {
            var blocked = new JsonObject
            {
                ["promptFeedback"] = new JsonObject { ["blockReason"] = promptReason },
                ["usageMetadata"] = Usage(turns, "", 0),
                ["modelVersion"] = model,
            };
            await WriteAnswerAsync(http, streamed, [blocked], 0);
            return;
        }

        if (lastUser.Contains("[[no-candidates]]", StringComparison.Ordinal))
        {
            await WriteAnswerAsync(http, streamed, [new JsonObject { ["candidates"] = new JsonArray(), ["modelVersion"] = model }], 0);
            return;
        }

        var userTurns = turns.Count(t => t.Role == "user");
        string[] seen =
        [
            .. request.LastUserInlineData.Select(f => $"{f.MimeType} {f.Bytes!.Length} bytes"),
            .. request.LastUserFileData.Select(f => $"file {f.MimeType} {files.Find(f.Uri)!.Bytes.Length} bytes"),
        ];
        var reply = $"Reply #{userTurns}: {lastUser}" + (seen.Length > 0 ? $" [saw {string.Join(", ", seen)}]" : "");
        var finish = Directive(lastUser, "block-reply") ?? (lastUser.Contains("[[block-reply]]", StringComparison.Ordinal) ? "SAFETY" : "STOP");
        if (lastUser.Contains("[[max-tokens]]", StringComparison.Ordinal))
        {
            (reply, finish) = (reply[..(reply.Length / 2)], "MAX_TOKENS");
        }

        var answer = finish is "STOP" or "MAX_TOKENS" ? reply : "";
        var thought = request.ThinkingConfig?["includeThoughts"]?.GetValue<bool>() == true || lastUser.Contains("[[unasked-thoughts]]", StringComparison.Ordinal)
            ? $"Thinking ({level ?? "default"}) about: {lastUser}"
            : null;
        var usage = Usage(turns, answer, thoughtTokens);
        var responses = new List<JsonObject>();
        if (!streamed)
        {
            var parts = new JsonArray();
            if (thought is not null)
            {
                parts.Add(new JsonObject { ["text"] = thought, ["thought"] = true });
            }

            parts.Add(TextPart(answer, signed: answer.Length > 0));
            responses.Add(Candidate(model, parts, finish, usage));
        }
        else
        {
            if (thought is not null)
            {
                responses.Add(Candidate(model, new JsonArray(new JsonObject { ["text"] = thought, ["thought"] = true }), null, usage));
            }

            var chunks = Directive(lastUser, "chunks") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : emulator.StreamChunks;
            foreach (var chunk in Split(answer, chunks))
            {
                responses.Add(Candidate(model, new JsonArray(TextPart(chunk, signed: false)), null, usage));
            }

            // Gemini 3 streams the signature last, on a part with no text.
            var last = answer.Length > 0 ? new JsonArray(new JsonObject { ["text"] = "", ["thoughtSignature"] = SignatureFor(answer) }) : new JsonArray();
            responses.Add(Candidate(model, last, finish, usage));
        }

        var interval = Directive(lastUser, "chunk-interval") is { } gap ? int.Parse(gap, CultureInfo.InvariantCulture) : emulator.ChunkIntervalMs;
        await WriteAnswerAsync(http, streamed, responses, interval);

        JsonObject TextPart(string text, bool signed) =>
            signed ? new JsonObject { ["text"] = text, ["thoughtSignature"] = SignatureFor(answer) } : new JsonObject { ["text"] = text };
    }

    /// <summary>Gemini's rules: a level or a budget, never both; Gemini 3's four levels; no levels for 2.5 models.</summary>
    private static string? ThinkingConfigError(string model, JsonObject? thinking)
    {
        var level = thinking?["thinkingLevel"]?.GetValue<string>();
        if (level is not null && thinking?["thinkingBudget"] is not null)
        {
            return "You can only set one of thinking budget and thinking level.";
        }

        if (level is not null && !ThinkingLevels.Contains(level.ToLowerInvariant()))
        {
            return $"Invalid value at 'generation_config.thinking_config.thinking_level' ({level}).";
        }

        return level is not null && model.StartsWith("gemini-2.", StringComparison.Ordinal)
            ? "Thinking level is not supported for this model. Please use thinking budget instead."
            : null;
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

    private static JsonObject Usage(IReadOnlyList<(string Role, string Text)> turns, string reply, int thoughts)
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
