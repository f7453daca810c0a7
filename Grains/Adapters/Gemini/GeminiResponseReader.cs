using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>
/// Reads the shape nearly every one of Gemini's answers has (text and thought parts, a finish reason, the token
/// counts, the model's version), whether a streamed event or a whole response, straight off a
/// <see cref="Utf8JsonReader"/>. The serializer read each through its general machinery: a read stack that grows to
/// eight frames at the depth of a part and argument state for each record it builds, some 1.5 KB per event before the
/// event's own objects (paid once per piece of every streamed answer), and for a whole response its async read of
/// those records as the bytes came, 2.4 % of a plain turn's CPU (tests/Benchmarks/README.md, "Gemini's answers read
/// directly").
/// </summary>
/// <remarks>
/// What it builds is exactly what <see cref="GeminiJsonContext"/> builds from the same bytes (a test compares them on
/// every listed shape). Anything else — grounding and URL metadata, inline data, code parts, prompt feedback, a number
/// written as a string, a differently cased name of a member we map, an escaped name of any member this path does not
/// read — declines, and the caller reads the answer with the serializer as before, which also reports what is
/// malformed. Members we do not map are skipped, as the serializer skips them.
/// </remarks>
internal static class GeminiResponseReader
{
    private static readonly byte[][] ResponseMembers = Names("candidates", "promptFeedback", "usageMetadata", "modelVersion", "responseId");
    private static readonly byte[][] CandidateMembers = Names("content", "finishReason", "index", "groundingMetadata", "urlContextMetadata");
    private static readonly byte[][] ContentMembers = Names("role", "parts");
    private static readonly byte[][] PartMembers = Names(
        "text", "thought", "thoughtSignature", "inlineData", "fileData", "executableCode", "codeExecutionResult");
    private static readonly byte[][] UsageMembers = Names(
        "promptTokenCount", "candidatesTokenCount", "totalTokenCount", "thoughtsTokenCount", "cachedContentTokenCount");

    public static bool TryRead(ReadOnlySpan<byte> json, [NotNullWhen(true)] out GeminiResponse? response)
    {
        response = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            List<GeminiCandidate>? candidates = null;
            GeminiUsageMetadata? usage = null;
            string? modelVersion = null, responseId = null;
            while (NextMember(ref reader))
            {
                var read = reader.ValueTextEquals("candidates"u8) ? ReadArray(ref reader, ReadCandidate, out candidates)
                    : reader.ValueTextEquals("usageMetadata"u8) ? ReadUsage(ref reader, out usage)
                    : reader.ValueTextEquals("modelVersion"u8) ? ReadString(ref reader, out modelVersion)
                    : reader.ValueTextEquals("responseId"u8) ? ReadString(ref reader, out responseId)
                    : SkipUnmapped(ref reader, ResponseMembers);
                if (!read)
                {
                    return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }

            response = new GeminiResponse(candidates, PromptFeedback: null, usage, modelVersion, responseId);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed: the serializer reads it again and says so. The reader tokenizes a string without checking its
            // UTF-8 or its escaped surrogates; reading its value (or comparing an escaped name) then throws
            // InvalidOperationException, which the serializer reports as a JsonException.
            return false;
        }
    }

    private delegate bool ItemReader<T>(ref Utf8JsonReader reader, out T? item);

    private static bool ReadCandidate(ref Utf8JsonReader reader, out GeminiCandidate? candidate)
    {
        candidate = null;
        GeminiContent? content = null;
        string? finishReason = null;
        int? index = null;
        if (!StartObject(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }

        while (NextMember(ref reader))
        {
            var read = reader.ValueTextEquals("content"u8) ? ReadContent(ref reader, out content)
                : reader.ValueTextEquals("finishReason"u8) ? ReadString(ref reader, out finishReason)
                : reader.ValueTextEquals("index"u8) ? ReadInt(ref reader, out index)
                : SkipUnmapped(ref reader, CandidateMembers);
            if (!read)
            {
                return false;
            }
        }

        candidate = new GeminiCandidate(content, finishReason, index);
        return true;
    }

    private static bool ReadContent(ref Utf8JsonReader reader, out GeminiContent? content)
    {
        content = null;
        string? role = null;
        List<GeminiPart>? parts = null;
        if (!StartObject(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }

        while (NextMember(ref reader))
        {
            var read = reader.ValueTextEquals("role"u8) ? ReadString(ref reader, out role)
                : reader.ValueTextEquals("parts"u8) ? ReadArray(ref reader, ReadPart, out parts)
                : SkipUnmapped(ref reader, ContentMembers);
            if (!read)
            {
                return false;
            }
        }

        content = new GeminiContent(role, parts!);
        return true;
    }

    private static bool ReadPart(ref Utf8JsonReader reader, out GeminiPart? part)
    {
        part = null;
        string? text = null, signature = null;
        bool? thought = null;
        if (!StartObject(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }

        while (NextMember(ref reader))
        {
            var read = reader.ValueTextEquals("text"u8) ? ReadString(ref reader, out text)
                : reader.ValueTextEquals("thought"u8) ? ReadBool(ref reader, out thought)
                : reader.ValueTextEquals("thoughtSignature"u8) ? ReadString(ref reader, out signature)
                : SkipUnmapped(ref reader, PartMembers);
            if (!read)
            {
                return false;
            }
        }

        part = new GeminiPart(text, thought, signature);
        return true;
    }

    private static bool ReadUsage(ref Utf8JsonReader reader, out GeminiUsageMetadata? usage)
    {
        usage = null;
        int? prompt = null, candidates = null, total = null, thoughts = null, cached = null;
        if (!StartObject(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }

        while (NextMember(ref reader))
        {
            var read = reader.ValueTextEquals("promptTokenCount"u8) ? ReadInt(ref reader, out prompt)
                : reader.ValueTextEquals("candidatesTokenCount"u8) ? ReadInt(ref reader, out candidates)
                : reader.ValueTextEquals("totalTokenCount"u8) ? ReadInt(ref reader, out total)
                : reader.ValueTextEquals("thoughtsTokenCount"u8) ? ReadInt(ref reader, out thoughts)
                : reader.ValueTextEquals("cachedContentTokenCount"u8) ? ReadInt(ref reader, out cached)
                : SkipUnmapped(ref reader, UsageMembers);
            if (!read)
            {
                return false;
            }
        }

        usage = new GeminiUsageMetadata(prompt, candidates, total, thoughts, cached);
        return true;
    }

    /// <summary>
    /// An array of items, or null; the serializer makes a <see cref="List{T}"/> for either list type we declare, and
    /// an item written as null is null in it, here too.
    /// </summary>
    private static bool ReadArray<T>(ref Utf8JsonReader reader, ItemReader<T> readItem, out List<T>? items)
    {
        items = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        items = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!readItem(ref reader, out var item))
            {
                return false;
            }

            items.Add(item!);
        }

        return true;
    }

    /// <summary>Positioned on the value's first token: an object (then true) or null (then true, and null).</summary>
    private static bool StartObject(ref Utf8JsonReader reader, out bool isNull)
    {
        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
        }

        isNull = reader.TokenType == JsonTokenType.Null;
        return isNull || reader.TokenType == JsonTokenType.StartObject;
    }

    /// <summary>Moves to the next member's name; false at the object's end.</summary>
    private static bool NextMember(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    private static bool ReadString(ref Utf8JsonReader reader, out string? value)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    /// <summary>A number as a number; one written as a string (which the serializer's web defaults accept) declines.</summary>
    private static bool ReadInt(ref Utf8JsonReader reader, out int? value)
    {
        reader.Read();
        value = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            value = number;
            return true;
        }

        return reader.TokenType == JsonTokenType.Null;
    }

    private static bool ReadBool(ref Utf8JsonReader reader, out bool? value)
    {
        reader.Read();
        value = reader.TokenType switch { JsonTokenType.True => true, JsonTokenType.False => false, _ => null };
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null;
    }

    /// <summary>
    /// Skips a member this shape does not read. One we map but read only in the general path (or an escaped name, or
    /// one the serializer's case-insensitive matching would take for ours) declines instead.
    /// </summary>
    private static bool SkipUnmapped(ref Utf8JsonReader reader, byte[][] mapped)
    {
        if (reader.ValueIsEscaped)
        {
            return false;
        }

        foreach (var name in mapped)
        {
            if (Ascii.EqualsIgnoreCase(reader.ValueSpan, name))
            {
                return false;
            }
        }

        reader.Skip();
        return true;
    }

    private static byte[][] Names(params string[] names) => [.. names.Select(Encoding.UTF8.GetBytes)];
}
