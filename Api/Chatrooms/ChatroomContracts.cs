using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>The settings a chatroom may carry; an empty string goes back to the default. <c>GET /models</c> lists the choices.</summary>
/// <param name="Model">A model id the caller's plan may use.</param>
/// <param name="SystemInstruction">Replaces the service's own instruction for this chatroom.</param>
/// <param name="ThinkingLevel">One of the model's levels (<c>minimal</c>, <c>low</c>, <c>medium</c>, <c>high</c>).</param>
/// <param name="IncludeThoughts">Stream and store the model's thought summaries on every turn.</param>
public sealed record CreateChatroomRequest(
    [TextLength(0, RequestLimits.TitleMaxLength, Trimmed = true)] string? Title,
    [StringLength(RequestLimits.ModelIdMaxLength)] string? Model = null,
    [TextLength(0, ChatroomOptions.SystemInstructionMaxLength)] string? SystemInstruction = null,
    [StringLength(RequestLimits.ThinkingLevelMaxLength)] string? ThinkingLevel = null,
    bool? IncludeThoughts = null)
{
    public ChatroomChange ToChange(string title) => new(title, Model?.Trim(), SystemInstruction?.Trim(), ThinkingLevel?.Trim(), IncludeThoughts);
}

/// <summary><c>PATCH /chatroom/:id</c>: what is present changes, what is absent stays.</summary>
public sealed record UpdateChatroomRequest(
    [TextLength(1, RequestLimits.TitleMaxLength, Trimmed = true)] string? Title,
    [StringLength(RequestLimits.ModelIdMaxLength)] string? Model = null,
    [TextLength(0, ChatroomOptions.SystemInstructionMaxLength)] string? SystemInstruction = null,
    [StringLength(RequestLimits.ThinkingLevelMaxLength)] string? ThinkingLevel = null,
    bool? IncludeThoughts = null)
{
    public bool ChangesNothing => Title is null && Model is null && SystemInstruction is null && ThinkingLevel is null && IncludeThoughts is null;

    public ChatroomChange ToChange() => new(Title?.Trim(), Model?.Trim(), SystemInstruction?.Trim(), ThinkingLevel?.Trim(), IncludeThoughts);
}

public sealed record SendMessageRequest([Required, TextLength(1, RequestLimits.MessageMaxLength, Trimmed = true)] string Message);

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
    public static MessageData From(StoredMessage message) => new(
        message.Role, message.Text, message.Timestamp.UtcDateTime,
        message.Model, message.FinishReason, UsageData.From(message.Usage), message.Truncated, message.Thoughts);
}

/// <param name="Model">Null: the catalog's default model (marked <c>isDefault</c> in <c>GET /models</c>).</param>
/// <param name="SystemInstruction">Null: the service's own instruction.</param>
/// <param name="ThinkingLevel">Null: the model's default level.</param>
public sealed record ChatroomSettingsData(string? Model, string? SystemInstruction, string? ThinkingLevel, bool IncludeThoughts)
{
    public static ChatroomSettingsData From(ChatroomSettings settings) =>
        new(settings.Model, settings.SystemInstruction, settings.ThinkingLevel, settings.IncludeThoughts);
}

/// <param name="Before">Pass as <c>before</c> to read the page of older messages.</param>
public sealed record PagingData(int Before, bool HasMore, int TotalMessages);

public sealed record ChatroomData(
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
    public static ChatroomData From(ChatroomDetails chatroom, IReadOnlyList<MessageData>? messages = null, PagingData? paging = null) => new(
        chatroom.Id, chatroom.OwnerId, chatroom.Title, messages ?? [], chatroom.CreatedAt.UtcDateTime, chatroom.UpdatedAt.UtcDateTime,
        ChatroomSettingsData.From(chatroom.Settings), paging);
}

public sealed record ChatroomListItem(string Id, string Title, DateTime UpdatedAt)
{
    public static ChatroomListItem From(ChatroomSummary summary) => new(summary.Id, summary.Title, summary.UpdatedAt.UtcDateTime);
}

/// <summary><c>GET /chatroom</c>'s envelope: the original put <c>count</c> beside <c>data</c>.</summary>
public sealed record ChatroomListResponse(bool Success, string Message, int Count, IReadOnlyList<ChatroomListItem> Data);

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

/// <summary><c>POST /chatroom/:id/message</c>'s answer: <c>data</c> is the reply's text, as the original sent it.</summary>
/// <param name="Reply">The stored AI message with its model, finish reason and usage.</param>
/// <param name="Notice">Set when another model than the chatroom's answered, saying why.</param>
public sealed record ChatTurnResponse(
    bool Success,
    string Message,
    string Data,
    MessageData Reply,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notice);

/// <summary>The last server-sent event of a streamed reply.</summary>
public sealed record ChatStreamDone(
    MessageData Message,
    MessageData UserMessage,
    UsageData? Usage,
    QuotaData? Quota,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notice = null);

public sealed record ChatStreamDelta(string Text);
