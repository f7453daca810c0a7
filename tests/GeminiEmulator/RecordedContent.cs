using System.Text.Json;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// One of a request's <c>contents</c>, read from the parsed JSON as it is, in one pass over its parts, without making
/// nodes of it: its role (<c>user</c> when it names none, as Gemini reads it), its text (thought parts are not text),
/// the thought signatures and files its parts carry.
/// </summary>
/// <remarks>
/// Every request carries the whole conversation, and the emulator reads it on every request: read as JSON nodes, and
/// again for each question asked of it, it was the largest share of the emulator's CPU under a benchmark's load, where
/// the emulator shares the cores with the service it stands in for.
/// </remarks>
internal sealed class RecordedContent
{
    private readonly List<JsonElement> _texts = [];
    private readonly List<JsonElement> _signatures = [];
    private List<(string MimeType, string? Data)>? _inlineData;
    private List<(string MimeType, string Uri)>? _fileData;

    private RecordedContent(JsonElement content)
    {
        Role = StringOf(content, "role") ?? "user";
        foreach (var part in ObjectsIn(content, "parts"))
        {
            Read(part);
        }
    }

    public string Role { get; }

    /// <summary>Its parts' text, thoughts left out; a text that is not a string throws, as reading it as a string node did.</summary>
    public string Text => field ??= string.Concat(_texts.Select(text => text.GetString()));

    /// <summary>The thought signatures its parts carry, in order.</summary>
    public IReadOnlyList<string> Signatures => [.. _signatures.Select(signature => signature.GetString()!)];

    /// <summary>Its parts' inline files: (media type, base64 data as sent).</summary>
    public IReadOnlyList<(string MimeType, string? Data)> InlineData => (IReadOnlyList<(string, string?)>?)_inlineData ?? [];

    /// <summary>Its parts' files of the Files API: (media type, URI).</summary>
    public IReadOnlyList<(string MimeType, string Uri)> FileData => (IReadOnlyList<(string, string)>?)_fileData ?? [];

    public static IReadOnlyList<RecordedContent> ReadAll(JsonElement request) => [.. ObjectsIn(request, "contents").Select(c => new RecordedContent(c))];

    /// <summary>A part's members, in one pass (a member named twice counts as its last; the service never sends one).</summary>
    private void Read(JsonElement part)
    {
        JsonElement text = default, signature = default, inline = default, file = default;
        var thought = false;
        foreach (var member in part.EnumerateObject())
        {
            if (member.NameEquals("text")) text = member.Value;
            else if (member.NameEquals("thought")) thought = member.Value.ValueKind == JsonValueKind.True;
            else if (member.NameEquals("thoughtSignature")) signature = member.Value;
            else if (member.NameEquals("inlineData")) inline = member.Value;
            else if (member.NameEquals("fileData")) file = member.Value;
        }

        if (!thought && text.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            _texts.Add(text);
        }

        if (signature.ValueKind == JsonValueKind.String)
        {
            _signatures.Add(signature);
        }

        if (inline.ValueKind == JsonValueKind.Object)
        {
            (_inlineData ??= []).Add((StringOf(inline, "mimeType") ?? "", StringOf(inline, "data")));
        }

        if (file.ValueKind == JsonValueKind.Object)
        {
            (_fileData ??= []).Add((StringOf(file, "mimeType") ?? "", StringOf(file, "fileUri") ?? ""));
        }
    }

    /// <summary>
    /// The objects of the array <paramref name="member"/>: none when it is missing or null; anything else but an array
    /// throws, so that a request of the wrong shape fails loudly (as reading it as nodes did) rather than read as empty.
    /// </summary>
    private static IEnumerable<JsonElement> ObjectsIn(JsonElement owner, string member) =>
        !owner.TryGetProperty(member, out var array) || array.ValueKind == JsonValueKind.Null ? []
            : array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object)
            : throw new InvalidOperationException($"'{member}' is a {array.ValueKind}, not an array.");

    /// <summary>The string <paramref name="member"/>; null when it is missing or null; a value of another kind throws, as reading it as a string node did.</summary>
    private static string? StringOf(JsonElement owner, string member) =>
        owner.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;
}
