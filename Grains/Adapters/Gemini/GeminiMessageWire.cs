using System.Text.Json;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>
/// An unchanging message's parts as Gemini's wire has them, kept on the message (<see cref="UnchangingMessage"/>):
/// the parts and each part's JSON, made the first time the message is sent. A turn sends its whole history window,
/// some fifty messages of which one or two are new, and mapping and writing the others again was about a twentieth of
/// a plain turn's CPU and 6 KB of its allocations (tests/Benchmarks/README.md).
/// </summary>
internal sealed class GeminiMessageWire : UnchangingMessage
{
    private GeminiMessageWire(List<GeminiPart> parts, byte[][] partsJson)
    {
        Parts = parts;
        PartsJson = partsJson;
    }

    public List<GeminiPart> Parts { get; }

    /// <summary>Each of <see cref="Parts"/> as the request's serializer writes it (the same context, so the same bytes).</summary>
    public byte[][] PartsJson { get; }

    /// <summary>
    /// The message's parts, and their JSON when the message is unchanging: kept from its first request on, so later
    /// ones reuse both. Any other message is mapped anew every time (null JSON: the request's serializer writes it).
    /// </summary>
    public static (List<GeminiPart> Parts, byte[][]? Json) Of(ChatMessage message)
    {
        switch (message.RawRepresentation)
        {
            case GeminiMessageWire kept:
                return (kept.Parts, kept.PartsJson);
            case UnchangingMessage:
                var parts = GeminiPartsMapping.ToParts(message);
                var json = new byte[parts.Count][];
                for (var i = 0; i < parts.Count; i++)
                {
                    json[i] = JsonSerializer.SerializeToUtf8Bytes(parts[i], GeminiJsonContext.Default.GeminiPart);
                }

                // Two requests mapping it at once make the same form; either may stay.
                message.RawRepresentation = new GeminiMessageWire(parts, json);
                return (parts, json);
            default:
                return (GeminiPartsMapping.ToParts(message), null);
        }
    }
}
