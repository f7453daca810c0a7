using System.ComponentModel.DataAnnotations;
using GeminiClone.Api.Configuration;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Endpoints;

public sealed record CreateChatroomRequest([StringLength(RequestLimits.TitleMaxLength)] string? Title);

public sealed record RenameChatroomRequest([Required, TrimmedLength(1, RequestLimits.TitleMaxLength)] string Title);

public sealed record SendMessageRequest([Required, TrimmedLength(1, RequestLimits.MessageMaxLength)] string Message);

public sealed record MessageData(MessageRole Role, string Text, DateTime Timestamp)
{
    public static MessageData From(StoredMessage message) => new(message.Role, message.Text, message.Timestamp.UtcDateTime);
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
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    PagingData? Paging = null)
{
    public static ChatroomData From(ChatroomDetails chatroom, IReadOnlyList<MessageData>? messages = null, PagingData? paging = null) => new(
        chatroom.Id, chatroom.OwnerId, chatroom.Title, messages ?? [], chatroom.CreatedAt.UtcDateTime, chatroom.UpdatedAt.UtcDateTime, paging);
}

public sealed record ChatroomListItem(string Id, string Title, DateTime UpdatedAt)
{
    public static ChatroomListItem From(ChatroomSummary summary) => new(summary.Id, summary.Title, summary.UpdatedAt.UtcDateTime);
}

/// <summary><c>GET /chatroom</c>'s envelope: the original put <c>count</c> beside <c>data</c>.</summary>
public sealed record ChatroomListResponse(bool Success, string Message, int Count, IReadOnlyList<ChatroomListItem> Data);

public sealed record UsageData(long? InputTokens, long? OutputTokens, long? TotalTokens)
{
    public static UsageData? From(TokenUsage? usage) => usage is null ? null : new(usage.InputTokens, usage.OutputTokens, usage.TotalTokens);
}

/// <param name="Limit">Null for unlimited (Pro by default).</param>
public sealed record QuotaData(int Used, int? Limit, int? Remaining, DateTime ResetsAt)
{
    public static QuotaData From(QuotaSnapshot quota) => new(quota.Used, quota.Limit, quota.Remaining, quota.ResetsAt.UtcDateTime);
}

/// <summary>The last server-sent event of a streamed reply.</summary>
public sealed record ChatStreamDone(MessageData Message, MessageData UserMessage, UsageData? Usage, QuotaData? Quota);

public sealed record ChatStreamDelta(string Text);
