using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>A message's contents as Gemini's parts and back, each part with the thought signature it came with.</summary>
internal static class GeminiPartsMapping
{
    /// <summary>A message's text, thought, file, image and code parts, each with the signature it came with.</summary>
    internal static List<GeminiPart> ToParts(ChatMessage message)
    {
        var contents = message.Contents;
        var parts = new List<GeminiPart>(contents.Count);
        // By index: a foreach over the IList boxes an enumerator, for every message of the history on every turn.
        for (var i = 0; i < contents.Count; i++)
        {
            switch (contents[i])
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
                    // An image the model made goes back with its signature: Gemini 3 needs it to edit that image.
                    parts.Add(new GeminiPart(
                        null, ThoughtSignature: SignatureOf(data), InlineData: new GeminiBlob(data.MediaType, Convert.ToBase64String(data.Data.Span))));
                    break;
                case CodeInterpreterToolCallContent code:
                    parts.Add(GeminiToolsMapping.ToExecutableCodePart(code));
                    break;
                case CodeInterpreterToolResultContent result:
                    parts.Add(GeminiToolsMapping.ToCodeExecutionResultPart(result));
                    break;
            }
        }

        return parts.Count > 0 ? parts : [new GeminiPart(message.Text)];
    }

    internal static string? SignatureOf(AIContent content) =>
        content.AdditionalProperties?.TryGetValue(GeminiChatProperties.ThoughtSignature, out string? signature) == true ? signature : null;

    /// <summary>
    /// Gemini's parts as contents, signatures kept: thought summaries as reasoning (never part of the answer's text),
    /// images as data, code and its results as code interpreter contents.
    /// </summary>
    /// <param name="codeCalls">Names the code and pairs each result with it, across the chunks of one answer.</param>
    internal static List<AIContent> ToContents(GeminiCandidate candidate, GeminiCodeCallIds codeCalls)
    {
        var parts = candidate.Content?.Parts ?? [];
        var contents = new List<AIContent>(parts.Count);
        foreach (var part in parts)
        {
            if (ToContent(part, codeCalls) is { } content)
            {
                contents.Add(content);
            }
        }

        return contents;
    }

    /// <summary>
    /// A thought image is a draft the model made on its way to the answer: never shown, but a signature on it is kept
    /// where a thought's signature goes, on an empty thought.
    /// </summary>
    private static AIContent? ToContent(GeminiPart part, GeminiCodeCallIds codeCalls) => part switch
    {
        { ExecutableCode: { } code } => GeminiToolsMapping.ToCodeCall(code, part.ThoughtSignature, codeCalls),
        { CodeExecutionResult: { } result } => GeminiToolsMapping.ToCodeResult(result, part.ThoughtSignature, codeCalls),
        { Thought: true, InlineData: not null } => part.ThoughtSignature is { } signature ? new TextReasoningContent("") { ProtectedData = signature } : null,
        { Thought: true } => new TextReasoningContent(part.Text ?? "") { ProtectedData = part.ThoughtSignature },
        { InlineData: { } image } => Signed(ToData(image), part.ThoughtSignature),
        { Text: not null } or { ThoughtSignature: not null } => Signed(new TextContent(part.Text ?? ""), part.ThoughtSignature),
        _ => null,
    };

    private static DataContent ToData(GeminiBlob blob)
    {
        try
        {
            return new DataContent(Convert.FromBase64String(blob.Data ?? ""), blob.MimeType ?? "application/octet-stream");
        }
        catch (FormatException e)
        {
            throw new GeminiBadResponseException($"Gemini sent {blob.MimeType} data that is not base64.", e);
        }
        catch (ArgumentException e)
        {
            throw new GeminiBadResponseException($"Gemini sent data of a media type we cannot read: {blob.MimeType}.", e);
        }
    }

    internal static T Signed<T>(T content, string? signature)
        where T : AIContent
    {
        if (signature is not null)
        {
            (content.AdditionalProperties ??= [])[GeminiChatProperties.ThoughtSignature] = signature;
        }

        return content;
    }
}
