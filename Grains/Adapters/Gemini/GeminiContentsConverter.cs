using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>
/// A request's contents as the generated serializer writes them, except that a content already written
/// (<see cref="GeminiContent.Json"/>, the same context's bytes for the same content) has those bytes copied in: one
/// copy per message of the history, where writing it field by field touched every part's objects again. Reading is
/// the generated serializer's.
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
            if (content.Json is { } json)
            {
                // Our own serializer's output for this GeminiContent: valid JSON, so not checked again.
                writer.WriteRawValue(json, skipInputValidation: true);
            }
            else
            {
                JsonSerializer.Serialize(writer, content, GeminiJsonContext.Default.GeminiContent);
            }
        }

        writer.WriteEndArray();
    }
}
