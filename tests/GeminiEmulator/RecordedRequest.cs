using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace GeminiClone.GeminiEmulator;

/// <summary>What a client sent, for tests that check what reached "Gemini".</summary>
/// <remarks>
/// The conversation is read once, from the parsed JSON as it is (<see cref="RecordedContent"/>); <see cref="Body"/>,
/// the same JSON as nodes, is made when first asked for.
/// </remarks>
public sealed class RecordedRequest(string model, bool streamed, string? apiKey, JsonElement body)
{
    private readonly IReadOnlyList<RecordedContent> _contents = RecordedContent.ReadAll(body);
    private JsonObject? _body;

    public string Model => model;

    public bool Streamed => streamed;

    public string? ApiKey => apiKey;

    /// <summary>The request's JSON.</summary>
    public JsonObject Body => LazyInitializer.EnsureInitialized(ref _body, () => JsonObject.Create(body)!);

    /// <summary>The client hung up before the answer was complete (what a stopped turn's request looks like to Gemini).</summary>
    public bool Aborted { get; internal set; }

    /// <summary>The <c>usageMetadata</c> the emulator answered with (every chunk of a stream carries the same); null before it answered, or for an error.</summary>
    public JsonObject? AnsweredUsage { get; internal set; }

    /// <summary>The conversation as (role, text) pairs, in order; thought parts are not text.</summary>
    public IReadOnlyList<(string Role, string Text)> Turns => field ??= [.. _contents.Select(c => (c.Role, c.Text))];

    /// <summary>Each model turn of the history with the thought signatures its parts carried.</summary>
    public IReadOnlyList<(string Text, IReadOnlyList<string> Signatures)> ModelTurns =>
        [.. _contents.Where(c => c.Role == "model").Select(c => (c.Text, c.Signatures))];

    /// <summary>Each turn's files sent inline: (role, media type, decoded bytes); null bytes when the base64 was broken.</summary>
    public IReadOnlyList<(string Role, string MimeType, byte[]? Bytes)> InlineData =>
        [.. _contents.SelectMany(c => c.InlineData.Select(d => (c.Role, d.MimeType, Decode(d.Data))))];

    /// <summary>The inline files of the last user turn (what the new message carried).</summary>
    public IReadOnlyList<(string MimeType, byte[]? Bytes)> LastUserInlineData =>
        LastUser is { } last ? [.. last.InlineData.Select(d => (d.MimeType, Decode(d.Data)))] : [];

    /// <summary>Every file the request refers to through the Files API: (role, media type, URI).</summary>
    public IReadOnlyList<(string Role, string MimeType, string Uri)> FileData =>
        [.. _contents.SelectMany(c => c.FileData.Select(f => (c.Role, f.MimeType, f.Uri)))];

    public IReadOnlyList<(string MimeType, string Uri)> LastUserFileData => LastUser is { } last ? [.. last.FileData] : [];

    private RecordedContent? LastUser => _contents.LastOrDefault(c => c.Role == "user");

    private static byte[]? Decode(string? base64)
    {
        try
        {
            return base64 is null ? null : Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public JsonObject? ThinkingConfig => Body["generationConfig"]?["thinkingConfig"] as JsonObject;

    /// <summary>
    /// The tools the request enabled, one name per tool field, by Gemini's own field names (<c>google_search</c>,
    /// <c>url_context</c>, <c>code_execution</c>, <c>function_declarations</c>…): Gemini reads <c>googleSearch</c> as
    /// <c>google_search</c>, so both spellings are recorded alike (<see cref="Body"/> keeps what was sent).
    /// </summary>
    public IReadOnlyList<string> Tools =>
        [.. (Body["tools"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(tool => tool.Select(entry => SnakeCase(entry.Key)))];

    /// <summary><c>generationConfig.responseModalities</c> as sent (Gemini reads them in any case), empty without any.</summary>
    public IReadOnlyList<string> ResponseModalities =>
        [.. (Body["generationConfig"]?["responseModalities"] as JsonArray ?? [])
            .Select(m => m is JsonValue v && v.TryGetValue<string>(out var name) ? name : m?.ToJsonString() ?? "null")];

    /// <summary><c>generationConfig.imageConfig</c> (<c>aspectRatio</c>, <c>imageSize</c>) as sent.</summary>
    public JsonObject? ImageConfig => Body["generationConfig"]?["imageConfig"] as JsonObject;

    private static string SnakeCase(string name) =>
        System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant();

    /// <summary>A chatroom's title request rather than a turn (<see cref="EmulatedTitles"/>).</summary>
    public bool IsTitle => EmulatedTitles.IsTitleRequest(this);

    public string? SystemInstruction =>
        Body["systemInstruction"]?["parts"]?.AsArray().Select(p => p!["text"]?.GetValue<string>()).FirstOrDefault();
}

public sealed class RequestLog(IOptions<EmulatorOptions> options)
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConditionalWeakTable<HttpContext, RecordedRequest> _byExchange = new();

    public IReadOnlyList<RecordedRequest> All => [.. _requests];

    public void Add(RecordedRequest request, HttpContext exchange)
    {
        if (!options.Value.RecordRequests)
        {
            return;
        }

        _requests.Enqueue(request);
        _byExchange.AddOrUpdate(exchange, request);
    }

    public void MarkAborted(HttpContext exchange)
    {
        if (_byExchange.TryGetValue(exchange, out var request))
        {
            request.Aborted = true;
        }
    }

    /// <summary>Turns (not title requests) whose last user turn contains <paramref name="marker"/>.</summary>
    public IReadOnlyList<RecordedRequest> Containing(string marker) =>
        [.. _requests.Where(r => !r.IsTitle && r.Turns.Count > 0 && r.Turns[^1].Text.Contains(marker, StringComparison.Ordinal))];

    /// <summary>Title requests whose quoted conversation contains <paramref name="marker"/>.</summary>
    public IReadOnlyList<RecordedRequest> TitlesContaining(string marker) =>
        [.. _requests.Where(r => r.IsTitle && r.Turns.Count > 0 && r.Turns[^1].Text.Contains(marker, StringComparison.Ordinal))];
}
