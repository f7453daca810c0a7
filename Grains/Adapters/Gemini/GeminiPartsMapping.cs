using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>A message's contents as Gemini's parts and back, each part with the thought signature it came with.</summary>
internal static class GeminiPartsMapping
{
    /// <summary>A message's text and thought parts, each with the signature it came with.</summary>
    internal static List<GeminiPart> ToParts(ChatMessage message)
    {
        var parts = new List<GeminiPart>(message.Contents.Count);
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextReasoningContent thought:
                    parts.Add(new GeminiPart(thought.Text, Thought: true, ThoughtSignature: thought.ProtectedData));
                    break;
                case TextContent text:
                    parts.Add(new GeminiPart(text.Text, ThoughtSignature: SignatureOf(text)));
                    break;
                case UriContent file:
                    parts.Add(new GeminiPart(null, FileData: new GeminiFileData(file.MediaType, file.Uri.ToString())));
                    break;
                case DataContent data:
                    parts.Add(new GeminiPart(null, InlineData: new GeminiBlob(data.MediaType, Convert.ToBase64String(data.Data.Span))));
                    break;
            }
        }

        return parts.Count > 0 ? parts : [new GeminiPart(message.Text)];
    }

    private static string? SignatureOf(AIContent content) =>
        content.AdditionalProperties?.TryGetValue(GeminiChatProperties.ThoughtSignature, out string? signature) == true ? signature : null;

    /// <summary>Gemini's parts as contents: thought summaries as reasoning (never part of the answer's text), signatures kept.</summary>
    internal static List<AIContent> ToContents(GeminiCandidate candidate)
    {
        var parts = candidate.Content?.Parts ?? [];
        var contents = new List<AIContent>(parts.Count);
        foreach (var part in parts)
        {
            if (part.Thought == true)
            {
                contents.Add(new TextReasoningContent(part.Text ?? "") { ProtectedData = part.ThoughtSignature });
            }
            else if (part.Text is not null || part.ThoughtSignature is not null)
            {
                var text = new TextContent(part.Text ?? "");
                if (part.ThoughtSignature is { } signature)
                {
                    text.AdditionalProperties = new() { [GeminiChatProperties.ThoughtSignature] = signature };
                }

                contents.Add(text);
            }
        }

        return contents;
    }
}
