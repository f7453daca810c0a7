namespace GeminiClone.Grains.Interfaces.Chatrooms;

[GenerateSerializer, Alias("GeminiClone.Chatrooms.MessageRole")]
public enum MessageRole
{
    User = 0,
    AI = 1,
}

[GenerateSerializer, Alias("GeminiClone.Chatrooms.StoredMessage")]
public sealed record StoredMessage(MessageRole Role, string Text, DateTimeOffset Timestamp);

/// <summary>A chatroom as its owner's list shows it.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomSummary")]
public sealed record ChatroomSummary(string Id, string Title, DateTimeOffset UpdatedAt);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomDetails")]
public sealed record ChatroomDetails(
    string Id,
    string OwnerId,
    string Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount);

/// <summary>A slice of a conversation, oldest first.</summary>
/// <param name="FirstSequence">The position of <c>Messages[0]</c> in the whole conversation (0 = its first message).</param>
/// <param name="HasOlder">Whether messages before <paramref name="FirstSequence"/> exist; page back with <c>before = FirstSequence</c>.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomPage")]
public sealed record ChatroomPage(ChatroomDetails Chatroom, IReadOnlyList<StoredMessage> Messages, int FirstSequence, bool HasOlder);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.CreateChatroomStatus")]
public enum CreateChatroomStatus
{
    Created = 0,
    TooManyChatrooms = 1,
}

[GenerateSerializer, Alias("GeminiClone.Chatrooms.CreateChatroomResult")]
public sealed record CreateChatroomResult(CreateChatroomStatus Status, ChatroomDetails? Chatroom);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.TokenUsage")]
public sealed record TokenUsage(long? InputTokens, long? OutputTokens, long? TotalTokens);

/// <summary>What a user may still send today. <paramref name="Limit"/> null means unlimited.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.QuotaSnapshot")]
public sealed record QuotaSnapshot(int? Limit, int Used, DateTimeOffset ResetsAt)
{
    public int? Remaining => Limit is { } limit ? Math.Max(0, limit - Used) : null;
}

[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatTurnStatus")]
public enum ChatTurnStatus
{
    Replied = 0,
    NotFound = 1,
    QuotaExceeded = 2,
    GeminiNotConfigured = 3,
    /// <summary>Gemini is overloaded or down, even after retries (or our circuit breaker is open).</summary>
    GeminiUnavailable = 4,
    GeminiTimeout = 5,
    /// <summary>Gemini answered with something that is not a usable reply, or refused our request.</summary>
    GeminiBadResponse = 6,
    /// <summary>Gemini's safety filters blocked the prompt or the reply.</summary>
    Blocked = 7,
    /// <summary>The turn could not be written; nothing was stored.</summary>
    StorageUnavailable = 8,
}

/// <param name="Detail">A sentence for the client when the turn failed.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatTurnResult")]
public sealed record ChatTurnResult(
    ChatTurnStatus Status,
    StoredMessage? UserMessage = null,
    StoredMessage? Reply = null,
    TokenUsage? Usage = null,
    QuotaSnapshot? Quota = null,
    string? Detail = null);
