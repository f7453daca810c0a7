using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>
/// Translates between <see cref="Microsoft.Extensions.AI"/>'s messages and Gemini's JSON: history, instructions,
/// thinking and image settings and tools into a request; candidates, finish reasons and usage out of a response or a
/// streamed chunk (parts are <see cref="GeminiPartsMapping"/>'s, built-in tools <see cref="GeminiToolsMapping"/>'s).
/// Pure functions, so the wire tests and benchmarks run them without HTTP.
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

        // Sized once: a turn's history is some fifty messages, which a growing list copied five times (1 KB a turn).
        var contents = new List<GeminiContent>(messages.TryGetNonEnumeratedCount(out var count) ? count : 0);
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                system.Add(new GeminiPart(message.Text));
                continue;
            }

            var content = GeminiMessageWire.ContentOf(message);
            // Gemini wants turns to alternate; consecutive messages of one role become parts of one turn.
            if (contents.Count > 0 && contents[^1].Role == content.Role)
            {
                contents[^1] = contents[^1] with { Parts = [.. contents[^1].Parts, .. content.Parts], Json = null };
            }
            else
            {
                contents.Add(content);
            }
        }

        return new GeminiRequest(
            contents,
            system.Count > 0 ? new GeminiContent(null, system) : null,
            ToGenerationConfig(chatOptions),
            GeminiToolsMapping.ToTools(chatOptions?.Tools));
    }

    internal static ChatResponse ToChatResponse(GeminiResponse body)
    {
        ThrowIfPromptBlocked(body);
        var candidate = body.Candidates?.FirstOrDefault()
            ?? throw new GeminiBadResponseException("Gemini's response has no candidate.");

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, ToContents(candidate, new GeminiCodeCallIds())))
        {
            FinishReason = ToFinishReason(candidate.FinishReason),
            Usage = ToUsage(body.UsageMetadata),
            ModelId = body.ModelVersion,
            ResponseId = body.ResponseId,
            RawRepresentation = body,
            AdditionalProperties = FinishReasonProperty(candidate.FinishReason),
        };
    }

    /// <param name="codeCalls">One per stream, so a code result pairs with the code an earlier chunk carried.</param>
    internal static ChatResponseUpdate ToUpdate(GeminiResponse chunk, GeminiCodeCallIds? codeCalls = null)
    {
        var candidate = chunk.Candidates?.FirstOrDefault();
        var update = new ChatResponseUpdate(ChatRole.Assistant, candidate is null ? [] : ToContents(candidate, codeCalls ?? new()))
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

    /// <summary>A candidate's parts, then what grounding and URL context add (when streamed, on whichever chunk carries them).</summary>
    private static List<AIContent> ToContents(GeminiCandidate candidate, GeminiCodeCallIds codeCalls)
    {
        var contents = GeminiPartsMapping.ToContents(candidate, codeCalls);
        GeminiToolsMapping.AddMetadata(candidate, contents);
        return contents;
    }

    /// <summary>
    /// A streamed answer's events, each parsed from the UTF-8 bytes the parser holds: no string per event and no
    /// transcoding back to UTF-8 for the JSON reader (a streamed turn parses one event per piece).
    /// </summary>
    internal static SseParser<GeminiResponse> ChunkParser(Stream stream) =>
        SseParser.Create(stream, static (_, data) => ParseChunk(data));

    internal static GeminiResponse ParseChunk(string json) => ParseChunk(Encoding.UTF8.GetBytes(json));

    internal static GeminiResponse ParseChunk(ReadOnlySpan<byte> json) =>
        Parse(json, "Gemini sent an empty event.", "Gemini sent an event that is not valid JSON.");

    /// <summary>A whole (not streamed) response, read from its UTF-8 bytes like an event.</summary>
    internal static GeminiResponse ParseResponse(ReadOnlySpan<byte> json) =>
        Parse(json, "Gemini's response body is empty.", "Gemini's response is not valid JSON.");

    /// <summary>The common shape by hand (<see cref="GeminiResponseReader"/>), anything else by the serializer.</summary>
    private static GeminiResponse Parse(ReadOnlySpan<byte> json, string empty, string invalid)
    {
        if (GeminiResponseReader.TryRead(json, out var common))
        {
            return common;
        }

        try
        {
            return JsonSerializer.Deserialize(json, GeminiJsonContext.Default.GeminiResponse) ?? throw new GeminiBadResponseException(empty);
        }
        catch (JsonException e)
        {
            throw new GeminiBadResponseException(invalid, e);
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
            ToThinkingConfig(o),
            ToResponseModalities(o),
            ToImageConfig(o));
        return config == new GeminiGenerationConfig(null, null, null, null, null, null, null, null, null) ? null : config;
    }

    private static IReadOnlyList<string>? ToResponseModalities(ChatOptions o)
    {
        object? value = null;
        var modalities = o.AdditionalProperties?.TryGetValue(GeminiChatProperties.ResponseModalities, out value) == true && value is IEnumerable<string> given
            ? given.ToList()
            : null;
        return modalities is { Count: > 0 } ? modalities : null;
    }

    /// <summary>Only the two keys Gemini knows: it refuses a request with a field it does not.</summary>
    private static GeminiImageConfig? ToImageConfig(ChatOptions o)
    {
        object? value = null;
        if (o.AdditionalProperties?.TryGetValue(GeminiChatProperties.ImageConfig, out value) != true || value is not IReadOnlyDictionary<string, string> image)
        {
            return null;
        }

        var config = new GeminiImageConfig(image.GetValueOrDefault("aspectRatio"), image.GetValueOrDefault("imageSize"));
        return config is { AspectRatio: null, ImageSize: null } ? null : config;
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
