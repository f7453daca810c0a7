using System.Text.Json.Serialization;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>A message as clients see it; the AI-only members are absent on user messages.</summary>
/// <param name="Model">The model version that answered.</param>
/// <param name="FinishReason">Gemini's finish reason, e.g. <c>STOP</c> or <c>MAX_TOKENS</c>.</param>
/// <param name="Truncated">Gemini stopped at its output limit; the text is the partial answer.</param>
/// <param name="Thoughts">The model's thought summaries, when the chatroom or the send asked for them.</param>
public sealed record MessageData(
    MessageRole Role,
    string Text,
    DateTime Timestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FinishReason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UsageData? Usage = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Truncated = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Thoughts = null)
{
    /// <summary>The turn that wrote this answer (<c>GET /chatroom/:id/turns/:turnId/events</c> replays it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TurnId { get; init; }

    /// <summary>The user stopped the turn; the text is what Gemini had written by then.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Stopped { get; init; }

    /// <summary>Earlier versions of this message, newest first: answers replaced by a regenerate, questions by an edit.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MessageData>? Versions { get; init; }

    /// <summary>Files sent with this message (<c>GET /chatroom/:id/attachments/:attachmentId</c> serves each).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MessageAttachmentData>? Attachments { get; init; }

    /// <summary>How the answer is grounded in Google Search (its sources, and the spans of <c>text</c> each backs).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GroundingData? Grounding { get; init; }

    /// <summary>The pages the URL context tool fetched, and how each went.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<UrlData>? Urls { get; init; }

    /// <summary>An answer that ran code, step by step: <c>text</c>, <c>code</c> and <c>result</c>, in the model's order.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<StepData>? Steps { get; init; }

    /// <summary>Images the model made; each downloads from <c>GET /chatroom/:id/attachments/:attachmentId</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ImageData>? Images { get; init; }

    /// <summary>The owner's rating of this answer (<c>PUT /chatroom/:id/messages/:seq/feedback</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FeedbackData? Feedback { get; init; }

    /// <summary>
    /// The message's id: its position in the chatroom's log (<c>seq</c> in routes). Negative for a version the previous
    /// release kept inside a message, which <c>select</c> turns into a message of its own.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Id { get; init; }

    /// <summary>The message this one answers or follows; null at the conversation's root.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ParentId { get; init; }

    /// <summary>Which of its parent's alternatives this is (a UI's "&lt; 2/3 &gt;"); absent when it has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SiblingsData? Siblings { get; init; }

    /// <summary>The message and where it stands in the tree (ids on it and on its versions, its siblings).</summary>
    public static MessageData From(StoredMessage message, MessagePlace? place) => From(message) with
    {
        Id = place?.Id,
        ParentId = place is { ParentId: >= 0 and var parent } ? parent : null,
        Siblings = place is { SiblingCount: > 1 } ? new SiblingsData(place.SiblingIndex, place.SiblingCount) : null,
        Versions = message.Versions is { Length: > 0 } versions
            ? [.. versions.Select((v, i) => From(v) with { Id = place?.VersionIds is { } ids && i < ids.Length ? ids[i] : null })]
            : null,
    };

    public static MessageData From(StoredMessage message) => new(
        message.Role, message.Text, message.Timestamp.UtcDateTime,
        message.Model, message.FinishReason, UsageData.From(message.Usage), message.Truncated, message.Thoughts)
    {
        TurnId = message.TurnId,
        Stopped = message.Stopped,
        Versions = message.Versions is { Length: > 0 } versions ? [.. versions.Select(From)] : null,
        Attachments = message.Attachments is { Length: > 0 } attachments ? [.. attachments.Select(MessageAttachmentData.From)] : null,
        Grounding = GroundingData.From(message.Grounding),
        Urls = message.Urls is { Length: > 0 } urls ? [.. urls.Select(UrlData.From)] : null,
        Steps = message.Steps is { Length: > 0 } steps ? [.. steps.Select(StepData.From)] : null,
        Images = message.Images is { Length: > 0 } images ? [.. images.Select(ImageData.From)] : null,
        Feedback = FeedbackData.From(message.Feedback),
    };
}

/// <summary>A message's place among its parent's children: 1-based, as a UI shows it.</summary>
public sealed record SiblingsData(int Index, int Count);

/// <summary>An image the model made, as the chatroom keeps it: its bytes' real type and size.</summary>
public sealed record ImageData(string AttachmentId, string MimeType, int? Width, int? Height, long Bytes)
{
    public static ImageData From(MessageImage image) => new(image.AttachmentId, image.MediaType, image.Width, image.Height, image.Bytes);
}

/// <summary>
/// A grounded answer's sources and citations. A citation's <c>start</c> and <c>end</c> index the message's
/// <c>text</c> as JavaScript does (UTF-16 code units): <c>text.slice(start, end) === citation.text</c>.
/// </summary>
/// <param name="SearchEntryPoint">Google's search suggestions (HTML and CSS), to show as sent with the answer: Google's terms require it.</param>
public sealed record GroundingData(
    IReadOnlyList<string> Queries, IReadOnlyList<SourceData> Sources, IReadOnlyList<CitationData> Citations, string? SearchEntryPoint)
{
    public static GroundingData? From(MessageGrounding? grounding) => grounding is null ? null : new(
        grounding.Queries,
        [.. grounding.Sources.Select(s => new SourceData(s.Index, s.Uri, s.Title))],
        [.. grounding.Citations.Select(c => new CitationData(c.Start, c.End, c.Text, c.Sources))],
        grounding.SearchEntryPoint);
}

public sealed record SourceData(int Index, string? Uri, string? Title);

/// <param name="Sources">The <c>index</c> of each source backing the span.</param>
public sealed record CitationData(int Start, int End, string Text, IReadOnlyList<int> Sources);

/// <param name="Status">Gemini's word, e.g. <c>URL_RETRIEVAL_STATUS_SUCCESS</c>.</param>
public sealed record UrlData(string Url, string Status)
{
    public static UrlData From(UrlRetrieval url) => new(url.Url, url.Status);
}

/// <summary>One step of an answer that ran code; only its kind's members are present.</summary>
/// <param name="Kind"><c>text</c>, <c>code</c> or <c>result</c>.</param>
/// <param name="Outcome">Of a result: <c>OUTCOME_OK</c>, <c>OUTCOME_FAILED</c> or <c>OUTCOME_DEADLINE_EXCEEDED</c>.</param>
public sealed record StepData(
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Language = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Outcome = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Output = null)
{
    public static StepData From(AnswerStep step) => step.Kind switch
    {
        AnswerStepKind.Code => new("code", Language: step.Language, Code: step.Code ?? ""),
        AnswerStepKind.Result => new("result", Outcome: step.Outcome, Output: step.Output ?? ""),
        _ => new("text", Text: step.Text ?? ""),
    };
}

public sealed record MessageAttachmentData(string Id, string Name, string MediaType, long Size)
{
    public static MessageAttachmentData From(MessageAttachment attachment) => new(attachment.Id, attachment.Name, attachment.MediaType, attachment.Size);
}

/// <summary>Gemini's token counts for one answer.</summary>
/// <param name="InputTokens">The prompt: instruction, history and the new message.</param>
/// <param name="OutputTokens">The answer's text.</param>
/// <param name="ThoughtTokens">Spent thinking (billed as output).</param>
/// <param name="CachedTokens">The part of the prompt Gemini served from its cache.</param>
public sealed record UsageData(long? InputTokens, long? OutputTokens, long? TotalTokens, long? ThoughtTokens = null, long? CachedTokens = null)
{
    public static UsageData? From(TokenUsage? usage) => usage is null ? null
        : new(usage.InputTokens, usage.OutputTokens, usage.TotalTokens, usage.ThoughtTokens, usage.CachedTokens);
}
