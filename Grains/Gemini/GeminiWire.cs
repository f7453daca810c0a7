using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiClone.Grains.Gemini;

// Gemini's REST wire format (v1beta generateContent / streamGenerateContent), only the members we use.
// https://ai.google.dev/api/generate-content

internal sealed record GeminiRequest(
    IReadOnlyList<GeminiContent> Contents,
    GeminiContent? SystemInstruction,
    GeminiGenerationConfig? GenerationConfig);

internal sealed record GeminiContent(string? Role, IReadOnlyList<GeminiPart> Parts);

internal sealed record GeminiPart(string? Text, bool? Thought = null);

internal sealed record GeminiGenerationConfig(
    float? Temperature,
    float? TopP,
    int? TopK,
    int? MaxOutputTokens,
    IReadOnlyList<string>? StopSequences,
    int? Seed,
    float? PresencePenalty,
    float? FrequencyPenalty,
    string? ResponseMimeType);

internal sealed record GeminiResponse(
    IReadOnlyList<GeminiCandidate>? Candidates,
    GeminiPromptFeedback? PromptFeedback,
    GeminiUsageMetadata? UsageMetadata,
    string? ModelVersion,
    string? ResponseId);

internal sealed record GeminiCandidate(GeminiContent? Content, string? FinishReason, int? Index);

internal sealed record GeminiPromptFeedback(string? BlockReason, string? BlockReasonMessage);

internal sealed record GeminiUsageMetadata(
    int? PromptTokenCount,
    int? CandidatesTokenCount,
    int? TotalTokenCount,
    int? ThoughtsTokenCount,
    int? CachedContentTokenCount);

internal sealed record GeminiErrorEnvelope(GeminiError? Error);

internal sealed record GeminiError(int Code, string? Message, string? Status, IReadOnlyList<JsonElement>? Details);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GeminiRequest))]
[JsonSerializable(typeof(GeminiResponse))]
[JsonSerializable(typeof(GeminiErrorEnvelope))]
internal sealed partial class GeminiJsonContext : JsonSerializerContext;
