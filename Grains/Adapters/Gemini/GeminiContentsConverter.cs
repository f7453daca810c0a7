using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>
/// A request's contents as the generated serializer writes them, except that a content whose parts were already
/// written (<see cref="GeminiContent.PartsJson"/>, the same context's bytes for the same parts) has those bytes copied
/// in. Reading is the generated serializer's.
/// </summary>
internal sealed class GeminiContentsConverter : JsonConverter<List<GeminiContent>>
{
    public override List<GeminiContent>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, GeminiJsonContext.Default.ListGeminiContent);

    public override void Write(Utf8JsonWriter writer, List<GeminiContent> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var content in value)
        {
            if (content.PartsJson is not { } parts)
            {
                JsonSerializer.Serialize(writer, content, GeminiJsonContext.Default.GeminiContent);
                continue;
            }

            writer.WriteStartObject();
            if (content.Role is { } role)
            {
                writer.WriteString("role"u8, role);
            }

            writer.WriteStartArray("parts"u8);
            // An array, walked as one: a foreach over an interface boxes an enumerator, for each of some fifty contents.
            foreach (var part in parts)
            {
                // Our own serializer's output for a GeminiPart: valid JSON, so not checked again.
                writer.WriteRawValue(part, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
