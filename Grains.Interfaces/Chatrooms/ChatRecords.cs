namespace GeminiClone.Grains.Interfaces.Chatrooms;

[GenerateSerializer, Alias("GeminiClone.Chatrooms.MessageRole")]
public enum MessageRole
{
    User = 0,
    AI = 1,
}

/// <summary>
/// One message of a conversation. A user message is its text; an AI message also records what Gemini reported
/// about it. New members are optional and carry new ids, so messages stored before them still load.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.StoredMessage")]
public sealed record StoredMessage(MessageRole Role, string Text, DateTimeOffset Timestamp)
{
    /// <summary>The model version Gemini says answered (e.g. <c>gemini-3.8-flash-001</c>).</summary>
    [Id(3)] public string? Model { get; init; }

    /// <summary>Gemini's own finish reason (<c>STOP</c>, <c>MAX_TOKENS</c>, ...).</summary>
    [Id(4)] public string? FinishReason { get; init; }

    [Id(5)] public TokenUsage? Usage { get; init; }

    /// <summary>Gemini stopped at its output limit: <see cref="Text"/> is the partial answer.</summary>
    [Id(6)] public bool Truncated { get; init; }

    /// <summary>The model's thought summaries, when they were asked for; never part of <see cref="Text"/>.</summary>
    [Id(7)] public string? Thoughts { get; init; }

    /// <summary>
    /// How Gemini cut the answer into parts and where its thought signatures sat, so the next turn's history can
    /// send them back exactly as received. Null when the answer was one plain part with no signature.
    /// An array, not an interface: grain storage's JSON names the concrete type, and must be able to read it back.
    /// </summary>
    [Id(8)] public ReplyPart[]? Parts { get; init; }
}

/// <summary>
/// One part of a stored AI message, as Gemini sent it: the next <paramref name="Length"/> characters of the
/// message's <c>Text</c> (or of its <c>Thoughts</c> for a thought part), and the part's opaque thought signature.
/// Lengths instead of copies keep a signed answer's text stored once.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ReplyPart")]
public sealed record ReplyPart(bool Thought, int Length, string? ThoughtSignature);

/// <summary>How a chatroom talks to Gemini. Null members mean the service's defaults.</summary>
/// <param name="Model">A model id from the catalog; null for the catalog's default.</param>
/// <param name="SystemInstruction">Replaces the service's own instruction when set.</param>
/// <param name="ThinkingLevel"><c>minimal</c>, <c>low</c>, <c>medium</c> or <c>high</c>, as the model allows; null for its default.</param>
/// <param name="IncludeThoughts">Ask Gemini for thought summaries on every turn.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomSettings")]
public sealed record ChatroomSettings(string? Model, string? SystemInstruction, string? ThinkingLevel, bool IncludeThoughts)
{
    public static ChatroomSettings Default { get; } = new(null, null, null, false);
}

/// <summary>
/// A change to a chatroom: only the members that are set change. An empty <paramref name="Model"/>,
/// <paramref name="SystemInstruction"/> or <paramref name="ThinkingLevel"/> goes back to the service's default.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomChange")]
public sealed record ChatroomChange(
    string? Title = null,
    string? Model = null,
    string? SystemInstruction = null,
    string? ThinkingLevel = null,
    bool? IncludeThoughts = null);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomChangeStatus")]
public enum ChatroomChangeStatus
{
    Changed = 0,
    NotFound = 1,
    /// <summary>A setting the caller's tier or the chosen model does not allow; the result names the field.</summary>
    Invalid = 2,
    TooManyChatrooms = 3,
}

/// <param name="Field">With <see cref="ChatroomChangeStatus.Invalid"/>: the request member at fault (e.g. <c>model</c>).</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomChangeResult")]
public sealed record ChatroomChangeResult(ChatroomChangeStatus Status, ChatroomDetails? Chatroom, string? Field = null, string? Detail = null);

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
    int MessageCount)
{
    [Id(6)] public ChatroomSettings Settings { get; init; } = ChatroomSettings.Default;
}

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

/// <summary>What Gemini counted for one call (<c>usageMetadata</c>).</summary>
/// <param name="InputTokens">The prompt: system instruction, history and the new message.</param>
/// <param name="OutputTokens">The answer's text, thoughts not included.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TokenUsage")]
public sealed record TokenUsage(long? InputTokens, long? OutputTokens, long? TotalTokens)
{
    /// <summary>Spent thinking; billed as output.</summary>
    [Id(3)] public long? ThoughtTokens { get; init; }

    /// <summary>The part of the prompt served from Gemini's cache.</summary>
    [Id(4)] public long? CachedTokens { get; init; }
}

/// <summary>A user's tokens on one UTC day, summed over their turns.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TokenTotals")]
public sealed record TokenTotals(long Input, long Output, long Thoughts, long Cached, long Total)
{
    public static TokenTotals Zero { get; } = new(0, 0, 0, 0, 0);

    public TokenTotals Add(TokenUsage? usage) => usage is null ? this : new(
        Input + (usage.InputTokens ?? 0),
        Output + (usage.OutputTokens ?? 0),
        Thoughts + (usage.ThoughtTokens ?? 0),
        Cached + (usage.CachedTokens ?? 0),
        Total + (usage.TotalTokens ?? 0));
}

/// <summary>What a user may still send today. <paramref name="Limit"/> null means unlimited.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.QuotaSnapshot")]
public sealed record QuotaSnapshot(int? Limit, int Used, DateTimeOffset ResetsAt)
{
    /// <summary>Today's tokens; null where the answer did not need them.</summary>
    [Id(3)] public TokenTotals? Tokens { get; init; }

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

/// <summary>A message to send, and how this one turn differs from the chatroom's settings.</summary>
/// <param name="IncludeThoughts">Overrides the chatroom's setting for this turn when set.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatTurnRequest")]
public sealed record ChatTurnRequest(string Text, bool? IncludeThoughts = null)
{
    /// <summary>Names this request, so the gateway can ask whether the chatroom is still working on it.</summary>
    [Id(2)] public Guid RequestId { get; init; } = Guid.NewGuid();
}

/// <summary>What a chatroom is doing, as a gateway watching a long send sees it.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnActivity")]
public enum TurnActivity
{
    /// <summary>No turn is running: a send the caller is still waiting for was lost on its way (a silo died).</summary>
    Idle = 0,
    /// <summary>Working on the caller's request.</summary>
    Running = 1,
    /// <summary>Working on another request; the caller's waits in line behind it.</summary>
    Busy = 2,
}

/// <param name="Detail">A sentence for the client when the turn failed.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatTurnResult")]
public sealed record ChatTurnResult(
    ChatTurnStatus Status,
    StoredMessage? UserMessage = null,
    StoredMessage? Reply = null,
    TokenUsage? Usage = null,
    QuotaSnapshot? Quota = null,
    string? Detail = null)
{
    /// <summary>Something the user should know about this turn: another model answered, and why.</summary>
    [Id(6)] public string? Notice { get; init; }

    /// <summary>With <see cref="ChatTurnStatus.Blocked"/>: Gemini's reason (<c>SAFETY</c>, <c>PROHIBITED_CONTENT</c>, ...).</summary>
    [Id(7)] public string? BlockReason { get; init; }

    /// <summary>With <see cref="ChatTurnStatus.GeminiUnavailable"/>: how long Gemini (or our circuit breaker) asks callers to wait.</summary>
    [Id(8)] public TimeSpan? RetryAfter { get; init; }
}

/// <summary>A model the caller may choose, as <c>GET /models</c> lists it.</summary>
/// <param name="ThinkingLevels">The levels it accepts; empty for a model steered by a token budget.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ModelInfo")]
public sealed record ModelInfo(string Id, string DisplayName, IReadOnlyList<string> ThinkingLevels, string? DefaultThinkingLevel, bool IsDefault);
