using GeminiClone.Grains.Interfaces.Ids;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>A user's tokens on one UTC day, summed over their turns.</summary>
[GenerateSerializer, Immutable, Alias("GeminiClone.Chatrooms.TokenTotals")]
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
[GenerateSerializer, Immutable, Alias("GeminiClone.Chatrooms.QuotaSnapshot")]
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
    /// <summary>The request's idempotency key already names a turn with another message.</summary>
    IdempotencyKeyReused = 9,
    /// <summary>The user stopped the turn before Gemini wrote any text; nothing was stored or charged.</summary>
    Stopped = 10,
    /// <summary>
    /// The message named is of the wrong kind: an edit of an answer, a regenerate of a question, a send after a
    /// question (409). (Before branches: an edit of an earlier question.)
    /// </summary>
    WrongMessageKind = 11,
    /// <summary>A regenerate in a chatroom that has no answer yet.</summary>
    NothingToRegenerate = 12,
    /// <summary>An attachment of a type the chatroom's model does not read.</summary>
    UnsupportedAttachment = 13,
    /// <summary>
    /// The store stopped answering while the turn was being written and did not come back in time to say whether it
    /// was stored: the turn's id finds it later (its events, the history), and a retry with the same idempotency key
    /// answers it again if it was stored or runs it if not.
    /// </summary>
    OutcomeUnknown = 14,
    /// <summary>The chatroom knows no such turn: never sent here, or lost with a silo before anything was stored.</summary>
    TurnUnknown = 15,
    /// <summary>More attachments than one message may carry (<c>Attachments:MaxPerMessage</c>).</summary>
    TooManyAttachments = 16,
    /// <summary>A tool the user's plan does not include (<c>Gemini:ToolPlans</c>).</summary>
    ToolNotOnPlan = 17,
    /// <summary>A tool the chatroom's model does not take (the catalog says which do).</summary>
    ToolUnsupported = 18,
    /// <summary>An image was asked of a model that does not make images.</summary>
    ImagesUnsupported = 19,
    /// <summary>The user's images for today are used up (<c>Quota:*ImagesPerDay</c>); nothing was asked or charged.</summary>
    ImageQuotaExceeded = 20,
    /// <summary>
    /// This UTC month's estimated cost has reached the plan's spending cap (<c>Usage:MonthlyCap:*</c>); nothing was
    /// asked or charged. Refused until the first of next month.
    /// </summary>
    SpendingCapReached = 21,
    /// <summary>
    /// The sender's access token is no longer current (signed out, its session revoked, the password changed): checked
    /// with the turn's slot (<see cref="IChatroomGrain.RunTurnAsync(string, ChatTurnRequest, CallerCredential?)"/>) before anything was asked, stored or charged.
    /// </summary>
    SessionRevoked = 22,
    /// <summary>An operator suspended the account: nothing was asked, stored or charged.</summary>
    AccountSuspended = 23,
}

/// <summary>What a turn does with the conversation.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnKind")]
public enum TurnKind
{
    /// <summary>A new question and its answer, appended.</summary>
    Send = 0,
    /// <summary>An answer's question asked again; the new answer is that answer's sibling.</summary>
    Regenerate = 1,
    /// <summary>A question rewritten and asked again: the new question is its sibling, with its own answer.</summary>
    Edit = 2,
}

/// <summary>A message to send, and how this one turn differs from the chatroom's settings.</summary>
/// <param name="IncludeThoughts">Overrides the chatroom's setting for this turn when set.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatTurnRequest")]
public sealed record ChatTurnRequest(string Text, bool? IncludeThoughts = null)
{
    /// <summary>
    /// Names this request, so the gateway can ask whether the chatroom is still working on it. The gateway gives every
    /// request its own (a version 7 Guid, so turn ids sort by time); this default is for the grains' own callers and is
    /// replaced on the gateway's path, so it is drawn cheaply (<see cref="UniqueIds"/>).
    /// </summary>
    [Id(2)] public Guid RequestId { get; init; } = UniqueIds.NewGuid();

    /// <summary>
    /// Names the turn across retries: a send whose key names a stored turn answers that turn again instead of
    /// asking Gemini twice. The client's <c>Idempotency-Key</c>, or one the gateway made for its own retries.
    /// </summary>
    [Id(3)] public string? IdempotencyKey { get; init; }

    /// <summary>The key came from the client, who may retry for a day; the gateway's own only lives for its retries.</summary>
    [Id(4)] public bool IdempotencyKeyFromClient { get; init; }

    /// <summary>Append (the default), regenerate the last answer, or edit the last question (<see cref="Text"/> is its new text).</summary>
    [Id(5)] public TurnKind Kind { get; init; }

    /// <summary>With <see cref="TurnKind.Edit"/>: the id (log position) of the question being edited.</summary>
    [Id(6)] public int EditedSequence { get; init; }

    /// <summary>With <see cref="TurnKind.Send"/>: attachments of the chatroom to send with the text, in this order.</summary>
    [Id(7)] public string[]? AttachmentIds { get; init; }

    /// <summary>The sender reads the answer as it is written, so Gemini is asked to stream it; else for the whole answer at once.</summary>
    [Id(8)] public bool Streamed { get; init; }

    /// <summary>The tools this turn may use instead of the chatroom's; null: the chatroom's.</summary>
    [Id(9)] public ChatTools? Tools { get; init; }

    /// <summary>Asks for a picture (and how): the chatroom's model must make images.</summary>
    [Id(10)] public ImageRequest? Image { get; init; }

    /// <summary>With <see cref="TurnKind.Send"/>: the answer the new question follows; null: the current leaf.</summary>
    [Id(11)] public int? ParentId { get; init; }

    /// <summary>With <see cref="TurnKind.Regenerate"/>: the answer to make a sibling of; null: the current leaf's.</summary>
    [Id(12)] public int? RegeneratedId { get; init; }

    /// <summary>
    /// <see cref="IdempotencyKey"/> was made for this request and this is its first sending, so no stored turn can
    /// carry it and the chatroom does not look for one (a walk over the chatroom's receipts, each a record and a key
    /// elsewhere in memory). Set by the gateway on its own keys only (a client may send its key again in another
    /// request); every sending after the first goes out as <see cref="Resent"/>. Safe because a first sending reaches
    /// the chatroom before any sending after it: the gateway sends again only once the first has failed or the chatroom
    /// has said it does not know the turn, and a chatroom takes its calls in order. False from older gateways, which
    /// keep the lookup.
    /// </summary>
    [Id(13)] public bool FirstSendOfNewKey { get; init; }

    /// <summary>This request as sent again (after a lost answer): its key may now name a stored turn.</summary>
    public ChatTurnRequest Resent() => FirstSendOfNewKey ? this with { FirstSendOfNewKey = false } : this;

    /// <summary>The turn's public id: the request's, so the gateway knows it before the turn starts and keeps it across its retries.</summary>
    public string TurnId => TurnIds.Of(RequestId);
}

/// <summary>The one place that knows what a turn id looks like: the 32 hex digits of its request's id.</summary>
public static class TurnIds
{
    public static string Of(Guid requestId) => requestId.ToString("N");

    /// <summary>Anything else cannot name a turn (so it is not worth asking a chatroom about).</summary>
    public static bool IsWellFormed(string turnId) => turnId.Length == 32 && Guid.TryParseExact(turnId, "N", out _);

    /// <summary>What a client asking for a turn the chatroom does not know is told.</summary>
    public const string UnknownDetail = "No such turn in this chatroom. A turn can be followed while it runs and, once stored, while it is among the chatroom's recent messages.";
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

    /// <summary>The stored outcome of an earlier request with the same idempotency key, not a new turn.</summary>
    [Id(9)] public bool Replayed { get; init; }

    /// <summary>The turn's id (the original turn's, for a replay); null when the request was refused before it became a turn.</summary>
    [Id(10)] public string? TurnId { get; init; }

    /// <summary>Today's images after this turn, for a turn whose model draws (or that was refused for want of one).</summary>
    [Id(11)] public ImageAllowance? Images { get; init; }

    /// <summary>Where <see cref="UserMessage"/> stands in the chatroom's tree.</summary>
    [Id(12)] public MessagePlace? UserPlace { get; init; }

    /// <summary>Where <see cref="Reply"/> stands in the chatroom's tree.</summary>
    [Id(13)] public MessagePlace? ReplyPlace { get; init; }

    /// <summary>
    /// How long this turn waited for Gemini's answer (its HTTP exchanges, the retries among them), so the time a client
    /// saw splits into the model's and ours (<c>Server-Timing</c>); null for a streamed turn, a replay, or a turn
    /// that asked nothing.
    /// </summary>
    [Id(14)] public TimeSpan? ModelTime { get; init; }

    /// <summary>The user stopped the turn: before any text (nothing stored) or after some (the partial answer stored).</summary>
    public bool WasStopped => Status == ChatTurnStatus.Stopped || Reply?.Stopped == true;

    /// <summary>A turn that ended without a usable answer; <see cref="Detail"/> says why.</summary>
    public bool Failed => Status is not (ChatTurnStatus.Replied or ChatTurnStatus.Stopped);
}
