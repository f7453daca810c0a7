using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiClone.Api.Auth;

/// <summary>The original's clients sent <c>otp</c> as a number as often as a string; both mean the same code.</summary>
public sealed class StringOrNumberJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        // As a number, a code with leading zeros loses them (012345 is sent as 12345): put them back.
        JsonTokenType.Number when reader.TryGetInt32(out var code) && code is >= 0 and < 1_000_000 => code.ToString("D6"),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => throw new JsonException("Expected a string or a number."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
