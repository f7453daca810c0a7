using System.Text.Json;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>
/// An unchanging message as Gemini's wire has it, kept on the message (<see cref="UnchangingMessage"/>): its content
/// (role and parts) and that content's JSON, made the first time the message is sent. A turn sends its whole history
/// window, some fifty messages of which one or two are new, and mapping and writing the others again was about 6 KB of
/// a plain turn's allocations and a few percent of its CPU (tests/Benchmarks/README.md).
/// </summary>
internal sealed class GeminiMessageWire : UnchangingMessage
{
    private GeminiMessageWire(GeminiContent content) => Content = content;

    /// <summary>The message's content, its <see cref="GeminiContent.Json"/> the request serializer's bytes for it.</summary>
    public GeminiContent Content { get; }

    /// <summary>
    /// The message as one content of a request: kept from its first request on when the message is unchanging, so later
    /// ones reuse it (never changed: a request joins contents into new ones); any other message is mapped anew every time,
    /// without JSON (the request's serializer writes it).
    /// </summary>
    public static GeminiContent ContentOf(ChatMessage message)
    {
        switch (message.RawRepresentation)
        {
            case GeminiMessageWire kept:
                return kept.Content;
            case UnchangingMessage:
                var content = new GeminiContent(RoleOf(message), GeminiPartsMapping.ToParts(message));
                content = content with { Json = JsonSerializer.SerializeToUtf8Bytes(content, GeminiJsonContext.Default.GeminiContent) };
                // Two requests mapping it at once make the same content; either may stay.
                message.RawRepresentation = new GeminiMessageWire(content);
                return content;
            default:
                return new GeminiContent(RoleOf(message), GeminiPartsMapping.ToParts(message));
        }
    }

    private static string RoleOf(ChatMessage message) => message.Role == ChatRole.Assistant ? "model" : "user";
}
