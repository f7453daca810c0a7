using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// A loopback stand-in for Gemini's v1beta REST API: <c>models/{model}:generateContent</c> and
/// <c>:streamGenerateContent?alt=sse</c>, in Gemini's own JSON shapes. It answers
/// <c>Reply #N: &lt;last user message&gt;</c>, N being the number of user turns it was sent, so a test can see how
/// much history arrived. Directives in the last user message inject behaviour:
/// <list type="bullet">
/// <item><c>[[latency:MS]]</c> wait MS before answering;</item>
/// <item><c>[[headers-first]]</c> (streamed) send the response's headers before that wait, as Gemini starts a stream
/// before its model answers (not with a directive that fails the request: its status is sent already);</item>
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
/// <item><c>[[garbage]]</c> answer 200 with a body that is not JSON;</item>
/// <item><c>[[ungrounded]]</c> answer plainly although <c>google_search</c> is on (the model chose not to search);</item>
/// <item><c>[[code]]</c> and <c>[[code-error]]</c> run code that prints 45, or raises (only with <c>code_execution</c>);</item>
/// <item><c>[[thought-image]]</c> draw a draft first (<c>thought: true</c>), <c>[[no-image]]</c> answer without an image;</item>
/// <item><c>[[hold:KEY]]</c> hold the answer after its first chunk (streamed) or before it (plain) until the test
/// releases KEY (<see cref="EmulatorHolds"/>);</item>
/// <item><c>[[stand-in-time]]</c> begin the answer (streamed: its first chunk) with the emulator's own time for it (<see cref="StandInTime"/>).</item>
/// </list>
/// A chatroom's title request (known by the service's title brief) is answered apart, by <see cref="EmulatedTitles"/>,
/// with its own <c>title-</c> directives.
/// Gemini's built-in tools (<c>tools</c>, recorded in <see cref="RecordedRequest.Tools"/>) change the answer as they
/// change Gemini's: <c>google_search</c> grounds it (<see cref="GoogleSearchGrounding"/>: the reply, then cited
/// sentences, which are the message's own when it holds non-ASCII text, offsets in UTF-8 bytes); <c>url_context</c>
/// reports each http(s) URL of the message retrieved, or failed on the host <c>unreachable.example</c>
/// (<see cref="UrlContextRetrieval"/>); <c>code_execution</c> runs code at <c>[[code]]</c> (<see cref="CodeExecution"/>).
/// <c>responseModalities</c> with IMAGE, for a model whose id says "image", adds a real PNG after the text, sized by
/// <c>imageConfig.aspectRatio</c> (<see cref="EmulatedImages"/>). Streamed, every such part is a chunk of its own and
/// grounding and URL context ride on the last chunk.
/// Like Gemini 3 it validates <c>thinkingConfig</c>, answers thought summaries when <c>includeThoughts</c> is set,
/// reports <c>thoughtsTokenCount</c>, and signs every answer: the signature (<see cref="SignatureFor"/>) rides on the
/// answer's text part, or in streaming on a last chunk with empty text, as Google documents.
/// </summary>
public static class GeminiEmulatorApp
{
    /// <summary>The signature this emulator gives an answer: opaque to the client, checkable by the emulator alone.</summary>
    public static string SignatureFor(string answer) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("emulated-thought:" + answer)));

    public static WebApplication Create(string[] args, Action<EmulatorOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOptions<EmulatorOptions>().BindConfiguration("Emulator").Configure(o => configure?.Invoke(o));
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.AddSingleton<EmulatorHolds>();
        builder.Services.AddSingleton<EmulatedFiles>();

        var app = builder.Build();
        app.MapPost("/v1beta/models/{*modelAndMethod}", HandleRecordingAbortsAsync);
        app.MapGet("/_emulator/requests", (RequestLog log) => log.All.Select(r => r.Body));
        EmulatedFiles.Map(app);
        return app;
    }

    /// <summary>A client that hangs up mid-answer (a stopped turn) leaves its request marked <see cref="RecordedRequest.Aborted"/>.</summary>
    private static async Task HandleRecordingAbortsAsync(string modelAndMethod, HttpContext http, RequestLog log, IOptions<EmulatorOptions> options)
    {
        try
        {
            await HandleAsync(modelAndMethod, http, log, options.Value);
        }
        catch (Exception e) when (http.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            log.MarkAborted(http);
        }
    }

    /// <summary>As Gemini walks a request: the call is refused, or its content is, or a directive fails it, or it is answered.</summary>
    private static async Task HandleAsync(string modelAndMethod, HttpContext http, RequestLog log, EmulatorOptions emulator)
    {
        var arrivedAt = Stopwatch.GetTimestamp();
        var (model, method) = modelAndMethod.Split(':', 2) is [var m, var x] ? (m, x) : (modelAndMethod, "");
        var apiKey = http.Request.Headers["x-goog-api-key"].ToString();
        if (GeminiRefusals.OfCall(method, apiKey) is { } refusal)
        {
            await refusal.WriteAsync(http);
            return;
        }

        JsonElement body;
        using (var parsed = await JsonDocument.ParseAsync(http.Request.Body))
        {
            // A copy of its own: the document's buffers go back to their pool, the request log keeps the request.
            body = parsed.RootElement.Clone();
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            await GeminiError.InvalidJson.WriteAsync(http);
            return;
        }

        if (GeminiRefusals.OfModel(model, emulator) is { } shutDown)
        {
            await shutDown.WriteAsync(http);
            return;
        }

        var request = new RecordedRequest(model, method == "streamGenerateContent", apiKey, body);
        log.Add(request, http);
        var files = http.RequestServices.GetRequiredService<EmulatedFiles>();
        var asked = new EmulatedTurn(request, emulator, files) { ArrivedAt = arrivedAt };
        if (GeminiRefusals.OfContent(asked) is { } invalid)
        {
            await invalid.WriteAsync(http);
            return;
        }

        var holds = http.RequestServices.GetRequiredService<EmulatorHolds>();
        if (request.IsTitle)
        {
            await EmulatedTitles.WriteAsync(http, asked, holds);
            return;
        }

        if (!await InjectedFaults.AnsweredAsync(http, asked))
        {
            await EmulatedReply.WriteAsync(http, asked, holds);
        }
    }
}
