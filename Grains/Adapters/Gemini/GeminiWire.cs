using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiClone.Grains.Adapters.Gemini;

// Gemini's REST wire format (v1beta generateContent / streamGenerateContent), only the members we use.
// https://ai.google.dev/api/generate-content

// Lists, not IReadOnlyList: the generated serializer walks a List<T> by index, and an interface through a boxed
// enumerator, for each of the request's 40-odd contents on every turn.
internal sealed record GeminiRequest(
    [property: JsonConverter(typeof(GeminiContentsConverter))] List<GeminiContent> Contents,
    GeminiContent? SystemInstruction,
    GeminiGenerationConfig? GenerationConfig,
    IReadOnlyList<GeminiTool>? Tools = null);

/// <summary>
/// One built-in tool per object, named as Google's REST examples name them (Gemini reads snake_case and camelCase alike).
/// </summary>
internal sealed record GeminiTool(
    [property: JsonPropertyName("google_search")] GeminiToolSettings? GoogleSearch = null,
    [property: JsonPropertyName("url_context")] GeminiToolSettings? UrlContext = null,
    [property: JsonPropertyName("code_execution")] GeminiToolSettings? CodeExecution = null);

/// <summary>A built-in tool's settings: none that we use, so always <c>{}</c>.</summary>
internal sealed record GeminiToolSettings;

internal sealed record GeminiContent(string? Role, List<GeminiPart> Parts)
{
    /// <summary>
    /// This content already written, when it is one message's that kept its wire form (<see cref="GeminiMessageWire"/>):
    /// the request copies these bytes in (<see cref="GeminiContentsConverter"/>). A content joined from two messages
    /// (one role twice in a row, which a stored history rarely has) has none and is written from its parts.
    /// </summary>
    [JsonIgnore]
    public byte[]? Json { get; init; }
}

/// <param name="Thought">True on a thought summary part (only sent when <c>includeThoughts</c> was asked for).</param>
/// <param name="ThoughtSignature">Opaque; must go back exactly as received, on the same part, in later turns.</param>
internal sealed record GeminiPart(
    string? Text,
    bool? Thought = null,
    string? ThoughtSignature = null,
    GeminiBlob? InlineData = null,
    GeminiFileData? FileData = null,
    GeminiExecutableCode? ExecutableCode = null,
    GeminiCodeExecutionResult? CodeExecutionResult = null);

/// <summary>A file sent earlier through the Files API, referred to by its URI.</summary>
internal sealed record GeminiFileData(string MimeType, string FileUri);

/// <summary>A file sent in the request itself: its media type and its bytes in base64.</summary>
internal sealed record GeminiBlob(string MimeType, string Data);

/// <summary>Code the model wrote for the code execution tool, which Gemini runs itself.</summary>
internal sealed record GeminiExecutableCode(string? Language, string? Code);

/// <summary>What that code did; it always comes in the part after its <see cref="GeminiExecutableCode"/>.</summary>
internal sealed record GeminiCodeExecutionResult(string? Outcome, string? Output);

internal sealed record GeminiGenerationConfig(
    float? Temperature,
    float? TopP,
    int? TopK,
    int? MaxOutputTokens,
    IReadOnlyList<string>? StopSequences,
    int? Seed,
    float? PresencePenalty,
    float? FrequencyPenalty,
    string? ResponseMimeType,
    GeminiThinkingConfig? ThinkingConfig = null,
    IReadOnlyList<string>? ResponseModalities = null,
    GeminiImageConfig? ImageConfig = null);

/// <summary>Gemini 3 takes <c>thinkingLevel</c>, Gemini 2.5 <c>thinkingBudget</c>; a request with both is a 400.</summary>
internal sealed record GeminiThinkingConfig(string? ThinkingLevel, int? ThinkingBudget, bool? IncludeThoughts);

/// <summary>For image models, e.g. <c>16:9</c> and <c>2K</c>.</summary>
internal sealed record GeminiImageConfig(string? AspectRatio, string? ImageSize);

internal sealed record GeminiResponse(
    IReadOnlyList<GeminiCandidate>? Candidates,
    GeminiPromptFeedback? PromptFeedback,
    GeminiUsageMetadata? UsageMetadata,
    string? ModelVersion,
    string? ResponseId);

internal sealed record GeminiCandidate(
    GeminiContent? Content,
    string? FinishReason,
    int? Index,
    GeminiGroundingMetadata? GroundingMetadata = null,
    GeminiUrlContextMetadata? UrlContextMetadata = null);

/// <summary>What Google Search found for an answer, and which spans of the answer each source backs.</summary>
internal sealed record GeminiGroundingMetadata(
    IReadOnlyList<string>? WebSearchQueries,
    IReadOnlyList<GeminiGroundingChunk>? GroundingChunks,
    IReadOnlyList<GeminiSupport>? GroundingSupports,
    GeminiSearchEntryPoint? SearchEntryPoint);

/// <summary>A source: Google Search's are <c>web</c>; any other kind still holds its place, as supports index this list.</summary>
internal sealed record GeminiGroundingChunk(GeminiWebChunk? Web);

internal sealed record GeminiWebChunk(string? Uri, string? Title);

/// <summary>Gemini's <c>GroundingSupport</c> (the domain's is <c>GeminiGroundingSupport</c>).</summary>
internal sealed record GeminiSupport(GeminiSegment? Segment, IReadOnlyList<int>? GroundingChunkIndices, IReadOnlyList<double>? ConfidenceScores);

/// <summary>UTF-8 byte offsets within one part; proto3 JSON leaves zeros out, so a missing index is 0.</summary>
internal sealed record GeminiSegment(int? PartIndex, int? StartIndex, int? EndIndex, string? Text);

/// <summary><c>renderedContent</c>: the HTML Google's terms require us to show with a grounded answer.</summary>
internal sealed record GeminiSearchEntryPoint(string? RenderedContent);

internal sealed record GeminiUrlContextMetadata(IReadOnlyList<GeminiUrlMetadata>? UrlMetadata);

internal sealed record GeminiUrlMetadata(string? RetrievedUrl, string? UrlRetrievalStatus);

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
