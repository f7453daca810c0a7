using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using GeminiClone.Api.Preferences;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>The settings a chatroom may carry; an empty string goes back to the default. <c>GET /models</c> lists the choices.</summary>
/// <param name="Model">A model id the caller's plan may use.</param>
/// <param name="SystemInstruction">Replaces the service's own instruction for this chatroom.</param>
/// <param name="ThinkingLevel">One of the model's levels (<c>minimal</c>, <c>low</c>, <c>medium</c>, <c>high</c>).</param>
/// <param name="IncludeThoughts">Stream and store the model's thought summaries on every turn.</param>
/// <param name="Tools">Gemini's built-in tools every turn may use. Without a Gem, an absent model or tools are your defaults (<c>PUT /user/preferences</c>).</param>
/// <param name="GemId">One of your Gems to start from: its instructions, model and tools apply wherever this chatroom sets none.</param>
/// <param name="Temporary">A temporary chat: never in search or exports, never shared, listed only under
/// <c>GET /chatroom?temporary=true</c>, and deleted with its files a day after its last activity. Cannot be changed later.</param>
public sealed record CreateChatroomRequest(
    [TextLength(0, RequestLimits.TitleMaxLength, Trimmed = true)] string? Title,
    [StringLength(RequestLimits.ModelIdMaxLength)] string? Model = null,
    [TextLength(0, ChatroomLimits.SystemInstructionMaxLength)] string? SystemInstruction = null,
    [StringLength(RequestLimits.ThinkingLevelMaxLength)] string? ThinkingLevel = null,
    bool? IncludeThoughts = null,
    [ToolNames] IReadOnlyList<string?>? Tools = null,
    [StringLength(64)] string? GemId = null,
    bool? Temporary = null)
{
    public ChatroomChange ToChange(string? title) =>
        new(title, Model?.Trim(), SystemInstruction?.Trim(), ThinkingLevel?.Trim(), IncludeThoughts)
        {
            Tools = ToolNamesAttribute.Parse(Tools),
            GemId = GemId?.Trim(),
            Temporary = Temporary == true ? true : null,
        };
}

/// <summary><c>PATCH /chatroom/:id</c>: what is present changes, what is absent stays.</summary>
public sealed partial class UpdateChatroomRequest
{
    private readonly string? _title;

    /// <summary>The new title; leave it out to keep the current one (null is not a title).</summary>
    [TextLength(1, RequestLimits.TitleMaxLength, Trimmed = true)]
    public string? Title
    {
        get => _title;
        init => (_title, TitleSent) = (value, true);
    }

    [StringLength(RequestLimits.ModelIdMaxLength)]
    public string? Model { get; init; }

    [TextLength(0, ChatroomLimits.SystemInstructionMaxLength)]
    public string? SystemInstruction { get; init; }

    [StringLength(RequestLimits.ThinkingLevelMaxLength)]
    public string? ThinkingLevel { get; init; }

    public bool? IncludeThoughts { get; init; }

    /// <summary>Gemini's built-in tools for every turn (<c>google_search</c>, <c>url_context</c>, <c>code_execution</c>); <c>[]</c> for none.</summary>
    [ToolNames]
    public IReadOnlyList<string?>? Tools { get; init; }

    /// <summary>Whether the body named <c>title</c> at all: <c>"title": null</c> is a mistake to name, not "nothing to change".</summary>
    [JsonIgnore]
    public bool TitleSent { get; private init; }

    [JsonIgnore]
    public bool ChangesNothing =>
        Title is null && Model is null && SystemInstruction is null && ThinkingLevel is null && IncludeThoughts is null && Tools is null
        && !Organises;

    public ChatroomChange ToChange() =>
        Organise(new(Title?.Trim(), Model?.Trim(), SystemInstruction?.Trim(), ThinkingLevel?.Trim(), IncludeThoughts) { Tools = ToolNamesAttribute.Parse(Tools) });
}

/// <summary><c>POST /chatroom/:id/message</c>: text, files uploaded to the chatroom (their ids), or both.</summary>
public sealed record SendMessageRequest(
    [TextLength(0, RequestLimits.MessageMaxLength, Trimmed = true)] string? Message,
    [MaxLength(RequestLimits.MaxAttachmentIds)] IReadOnlyList<string>? Attachments = null,
    [ToolNames] IReadOnlyList<string?>? Tools = null,
    ImageRequestData? Image = null,
    [Range(0, int.MaxValue)] int? ParentId = null) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Message) && Attachments is not { Count: > 0 })
        {
            yield return new ValidationResult("The message field is required (it may be empty when attachments are sent).", [nameof(Message)]);
        }

        if (Attachments?.Any(id => string.IsNullOrWhiteSpace(id) || id.Length > 64) == true)
        {
            yield return new ValidationResult("Each attachment is the id an upload answered.", [nameof(Attachments)]);
        }
    }
}

/// <summary>A message's request for a picture: Gemini's <c>imageConfig</c>; what is left out is the model's default.</summary>
/// <param name="AspectRatio">1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9 or 21:9.</param>
/// <param name="Size">1K, 2K or 4K.</param>
public sealed record ImageRequestData(string? AspectRatio = null, string? Size = null) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AspectRatio is not null && !ImageRequest.AspectRatios.Contains(AspectRatio))
        {
            yield return new ValidationResult($"The aspect ratio is one of {string.Join(", ", ImageRequest.AspectRatios)}.", [nameof(AspectRatio)]);
        }

        if (Size is not null && !ImageRequest.Sizes.Contains(Size))
        {
            yield return new ValidationResult($"The size is one of {string.Join(", ", ImageRequest.Sizes)}.", [nameof(Size)]);
        }
    }

    public ImageRequest ToRequest() => new(AspectRatio, Size);
}

/// <summary><c>PATCH /chatroom/:id/messages/:messageId</c>: a question's new text, asked as a new branch beside it.</summary>
public sealed record EditMessageRequest([Required, TextLength(1, RequestLimits.MessageMaxLength, Trimmed = true)] string Message);

/// <summary>What a stop did.</summary>
/// <param name="TurnId">The turn stopped (or already over); null when a chatroom-wide stop found nothing running.</param>
/// <param name="Stopped">The turn was running and this request stopped it.</param>
/// <param name="Message">The partial answer stored, if Gemini had written any.</param>
public sealed record TurnStopData(
    string? TurnId,
    bool Stopped,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageData? Message);

public static class TurnLinks
{
    public static string Events(string chatroomId, string turnId) => $"/chatroom/{chatroomId}/turns/{turnId}/events";
}

/// <param name="Model">Null: the catalog's default model (marked <c>isDefault</c> in <c>GET /models</c>).</param>
/// <param name="SystemInstruction">Null: the service's own instruction.</param>
/// <param name="ThinkingLevel">Null: the model's default level.</param>
/// <param name="Tools">Gemini's built-in tools every turn may use.</param>
public sealed record ChatroomSettingsData(string? Model, string? SystemInstruction, string? ThinkingLevel, bool IncludeThoughts, IReadOnlyList<string> Tools)
{
    public static ChatroomSettingsData From(ChatroomSettings settings) =>
        new(settings.Model, settings.SystemInstruction, settings.ThinkingLevel, settings.IncludeThoughts, ChatToolNames.Of(settings.Tools));
}

/// <param name="Before">Pass as <c>before</c> to read the page of older messages (the id of this page's first message).</param>
/// <param name="TotalMessages">How many messages the current path holds, root to leaf (a linear chatroom's every message).</param>
public sealed record PagingData(int Before, bool HasMore, int TotalMessages);

public sealed partial record ChatroomData(
    string Id,
    string UserId,
    string Title,
    IReadOnlyList<MessageData> Messages,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    ChatroomSettingsData Settings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    PagingData? Paging = null)
{
    /// <summary>The turn generating now, if any: a reloaded page shows it and attaches to its events.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TurnProgressData? Generating { get; init; }

    /// <summary>Files uploaded to the chatroom, oldest first (<c>sent</c>: a message has sent it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AttachmentData>? Attachments { get; init; }

    /// <summary>The Gem the chatroom was started from; absent for none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GemReferenceData? Gem { get; init; }

    public static ChatroomData From(ChatroomDetails chatroom, IReadOnlyList<MessageData>? messages = null, PagingData? paging = null) => new(
        chatroom.Id, chatroom.OwnerId, chatroom.Title, messages ?? [], chatroom.CreatedAt.UtcDateTime, chatroom.UpdatedAt.UtcDateTime,
        ChatroomSettingsData.From(chatroom.Settings), paging)
    {
        Gem = GemReferenceData.From(chatroom.Gem),
        Pinned = chatroom.Pinned, Archived = chatroom.Archived, FolderId = chatroom.FolderId, Temporary = chatroom.Temporary,
    };
}

/// <summary>A turn in progress.</summary>
/// <param name="Status">Always <c>generating</c>.</param>
/// <param name="Kind"><c>send</c>, <c>regenerate</c> or <c>edit</c>.</param>
/// <param name="Question">The user message being answered (stored with the answer when it ends).</param>
/// <param name="Content">The answer so far.</param>
/// <param name="Events">Where to follow it: <c>GET</c> this for its server-sent events.</param>
public sealed record TurnProgressData(
    string TurnId,
    string Status,
    string Kind,
    string Question,
    string Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Thoughts,
    DateTime StartedAt,
    string Events)
{
    public static TurnProgressData From(string chatroomId, TurnProgress progress) => new(
        progress.TurnId, "generating", progress.Kind.ToString().ToLowerInvariant(), progress.Question, progress.Text,
        progress.Thoughts, progress.StartedAt.UtcDateTime, TurnLinks.Events(chatroomId, progress.TurnId));
}

/// <summary>A turn as an answer names it.</summary>
/// <param name="Status"><c>completed</c> or <c>stopped</c>.</param>
/// <param name="Events">Its server-sent events, replayable while it is remembered.</param>
public sealed record TurnData(string Id, string Status, string Events)
{
    public static TurnData? From(string chatroomId, ChatTurnResult result) => result.TurnId is not { } id ? null
        : new(id, result.Status == ChatTurnStatus.Stopped || result.Reply?.Stopped == true ? "stopped" : "completed", TurnLinks.Events(chatroomId, id));
}

/// <summary>Today's tokens over all the user's turns.</summary>
public sealed record TokenTotalsData(long InputTokens, long OutputTokens, long ThoughtTokens, long CachedTokens, long TotalTokens)
{
    public static TokenTotalsData? From(TokenTotals? totals) =>
        totals is null ? null : new(totals.Input, totals.Output, totals.Thoughts, totals.Cached, totals.Total);
}

/// <param name="Limit">Null for unlimited (Pro by default).</param>
/// <param name="Tokens">Today's token totals, where the answer reports them (<c>GET /subscription/status</c>).</param>
public sealed record QuotaData(
    int Used,
    int? Limit,
    int? Remaining,
    DateTime ResetsAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TokenTotalsData? Tokens = null)
{
    public static QuotaData From(QuotaSnapshot quota) =>
        new(quota.Used, quota.Limit, quota.Remaining, quota.ResetsAt.UtcDateTime, TokenTotalsData.From(quota.Tokens));
}

/// <summary>
/// A turn's answer (<c>POST /chatroom/:id/message</c>, <c>/regenerate</c>, <c>PATCH …/messages/:seq</c>): <c>data</c> is
/// the reply's text, as the original sent it; <c>turn</c> names the turn.
/// </summary>
/// <param name="Reply">The stored AI message with its model, finish reason and usage; null for a turn stopped before any text.</param>
/// <param name="Notice">Set when another model than the chatroom's answered, saying why.</param>
public sealed record ChatTurnResponse(
    bool Success,
    string Message,
    string Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageData? Reply,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TurnData? Turn = null);

/// <summary>
/// The last server-sent event of a turn. <c>message</c> is the stored answer, the truth a client keeps whatever
/// deltas it saw; a turn stopped before any text has none (<c>stopped</c> true, nothing stored).
/// </summary>
public sealed record ChatStreamDone(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageData? Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageData? UserMessage,
    UsageData? Usage,
    QuotaData? Quota,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notice = null)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TurnId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Stopped { get; init; }

    public static ChatStreamDone Of(ChatTurnResult result) => new(
        result.Reply is { } reply ? MessageData.From(reply, result.ReplyPlace) : null,
        result.UserMessage is { } asked ? MessageData.From(asked, result.UserPlace) : null,
        UsageData.From(result.Usage),
        result.Quota is { } quota ? QuotaData.From(quota) : null,
        result.Notice)
    {
        TurnId = result.TurnId,
        Stopped = result.WasStopped,
    };
}

public sealed record ChatStreamDelta(string Text);

/// <summary>An SSE <c>code</c> event: code the model is about to run.</summary>
public sealed record ChatStreamCode(string Language, string Code);

/// <summary>An SSE <c>result</c> event: what running it gave.</summary>
public sealed record ChatStreamCodeResult(string Outcome, string Output);

/// <summary>An SSE <c>grounding</c> event: the answer's search grounding and the pages URL context fetched.</summary>
public sealed record ChatStreamGrounding(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GroundingData? Grounding,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<UrlData>? Urls);
