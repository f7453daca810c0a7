using System.Text.Json;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>
/// Translates between <see cref="Microsoft.Extensions.AI"/>'s messages and Gemini's JSON: history, instructions and
/// thinking settings into a request; candidates, thought parts, signatures, finish reasons and usage out of a
/// response or a streamed chunk. Pure functions, so the wire tests and benchmarks run them without HTTP.
/// </summary>
internal static class GeminiWireMapping
{
    internal static GeminiRequest ToGeminiRequest(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions)
    {
        var system = new List<GeminiPart>();
        if (!string.IsNullOrWhiteSpace(chatOptions?.Instructions))
        {
            system.Add(new GeminiPart(chatOptions.Instructions));
        }

        var contents = new List<GeminiContent>();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                system.Add(new GeminiPart(message.Text));
                continue;
            }

            var role = message.Role == ChatRole.Assistant ? "model" : "user";
            var parts = ToParts(message);
            // Gemini wants turns to alternate; consecutive messages of one role become parts of one turn.
            if (contents.Count > 0 && contents[^1].Role == role)
            {
                contents[^1] = contents[^1] with { Parts = [.. contents[^1].Parts, .. parts] };
            }
            else
            {
                contents.Add(new GeminiContent(role, parts));
            }
        }

        return new GeminiRequest(
            contents,
            system.Count > 0 ? new GeminiContent(null, system) : null,
            ToGenerationConfig(chatOptions));
    }

    internal static ChatResponse ToChatResponse(GeminiResponse body)
    {
        ThrowIfPromptBlocked(body);
        var candidate = body.Candidates?.FirstOrDefault()
            ?? throw new GeminiBadResponseException("Gemini's response has no candidate.");

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, ToContents(candidate)))
        {
            FinishReason = ToFinishReason(candidate.FinishReason),
            Usage = ToUsage(body.UsageMetadata),
            ModelId = body.ModelVersion,
            ResponseId = body.ResponseId,
            RawRepresentation = body,
            AdditionalProperties = FinishReasonProperty(candidate.FinishReason),
        };
    }

    internal static ChatResponseUpdate ToUpdate(GeminiResponse chunk)
    {
        var candidate = chunk.Candidates?.FirstOrDefault();
        var update = new ChatResponseUpdate(ChatRole.Assistant, candidate is null ? [] : ToContents(candidate))
        {
            FinishReason = ToFinishReason(candidate?.FinishReason),
            ModelId = chunk.ModelVersion,
            ResponseId = chunk.ResponseId,
            RawRepresentation = chunk,
            AdditionalProperties = FinishReasonProperty(candidate?.FinishReason),
        };
        // Gemini repeats usage on every chunk, growing; report it once, on the chunk that finishes the answer.
        if (candidate?.FinishReason is not null && ToUsage(chunk.UsageMetadata) is { } usage)
        {
            update.Contents.Add(new UsageContent(usage));
        }

        return update;
    }

    internal static GeminiResponse ParseChunk(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, GeminiJsonContext.Default.GeminiResponse)
                ?? throw new GeminiBadResponseException("Gemini sent an empty event.");
        }
        catch (JsonException e)
        {
            throw new GeminiBadResponseException("Gemini sent an event that is not valid JSON.", e);
        }
    }

    internal static ChatFinishReason? ToFinishReason(string? reason) => reason switch
    {
        null or "" or "FINISH_REASON_UNSPECIFIED" => null,
        "STOP" => ChatFinishReason.Stop,
        "MAX_TOKENS" => ChatFinishReason.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY" => ChatFinishReason.ContentFilter,
        "MALFORMED_FUNCTION_CALL" or "UNEXPECTED_TOOL_CALL" => ChatFinishReason.ToolCalls,
        _ => new ChatFinishReason(reason),
    };

    internal static UsageDetails? ToUsage(GeminiUsageMetadata? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.PromptTokenCount,
        OutputTokenCount = usage.CandidatesTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
        ReasoningTokenCount = usage.ThoughtsTokenCount,
        CachedInputTokenCount = usage.CachedContentTokenCount,
    };

    /// <summary>
    /// Only what the caller set goes to Gemini: Gemini 3's guidance is to leave sampling (temperature 1.0) alone.
    /// </summary>
    private static GeminiGenerationConfig? ToGenerationConfig(ChatOptions? o)
    {
        if (o is null)
        {
            return null;
        }

        var config = new GeminiGenerationConfig(
            o.Temperature, o.TopP, o.TopK, o.MaxOutputTokens,
            o.StopSequences is { Count: > 0 } stops ? [.. stops] : null,
            (int?)o.Seed, o.PresencePenalty, o.FrequencyPenalty,
            o.ResponseFormat is ChatResponseFormatJson ? "application/json" : null,
            ToThinkingConfig(o));
        return config == new GeminiGenerationConfig(null, null, null, null, null, null, null, null, null) ? null : config;
    }

    /// <summary>A level for Gemini 3, a budget for 2.5, never both; the generic effort only when neither is named.</summary>
    private static GeminiThinkingConfig? ToThinkingConfig(ChatOptions o)
    {
        var level = o.AdditionalProperties?.TryGetValue(GeminiChatProperties.ThinkingLevel, out string? named) == true ? named : null;
        var budget = level is null && o.AdditionalProperties?.TryGetValue(GeminiChatProperties.ThinkingBudget, out int givenBudget) == true ? givenBudget : (int?)null;
        if (level is null && budget is null)
        {
            level = o.Reasoning?.Effort switch
            {
                ReasoningEffort.None => "minimal",
                ReasoningEffort.Low => "low",
                ReasoningEffort.Medium => "medium",
                ReasoningEffort.High or ReasoningEffort.ExtraHigh => "high",
                _ => null,
            };
        }

        bool? includeThoughts = o.Reasoning?.Output is ReasoningOutput.Summary or ReasoningOutput.Full ? true : null;
        return level is null && budget is null && includeThoughts is null ? null : new GeminiThinkingConfig(level, budget, includeThoughts);
    }

    /// <summary>A message's text and thought parts, each with the signature it came with.</summary>
    private static List<GeminiPart> ToParts(ChatMessage message)
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
    private static List<AIContent> ToContents(GeminiCandidate candidate)
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

    private static AdditionalPropertiesDictionary? FinishReasonProperty(string? reason) =>
        string.IsNullOrEmpty(reason) ? null : new() { [GeminiChatProperties.FinishReason] = reason };

    internal static void ThrowIfPromptBlocked(GeminiResponse body)
    {
        if (body.PromptFeedback?.BlockReason is { } reason && body.Candidates is null or { Count: 0 })
        {
            throw new GeminiPromptBlockedException(reason, body.PromptFeedback.BlockReasonMessage);
        }
    }
}
