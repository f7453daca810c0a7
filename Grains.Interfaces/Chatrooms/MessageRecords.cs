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

    /// <summary>The turn that wrote this message (AI messages; null for those stored before turns had ids).</summary>
    [Id(9)] public string? TurnId { get; init; }

    /// <summary>The user stopped the turn: <see cref="Text"/> is what Gemini had written by then.</summary>
    [Id(10)] public bool Stopped { get; init; }

    /// <summary>
    /// Earlier versions of this message, newest first (at most <see cref="MaxVersions"/>): answers replaced by a
    /// regenerate, questions replaced by an edit. A version carries no versions and no parts of its own.
    /// </summary>
    [Id(11)] public StoredMessage[]? Versions { get; init; }

    /// <summary>Files sent with a user message (their bytes are in the attachment store, under their hash).</summary>
    [Id(12)] public MessageAttachment[]? Attachments { get; init; }

    /// <summary>How the answer is grounded in Google Search; null when it is not.</summary>
    [Id(13)] public MessageGrounding? Grounding { get; init; }

    /// <summary>The pages the URL context tool fetched for the answer; null when it fetched none.</summary>
    [Id(14)] public UrlRetrieval[]? Urls { get; init; }

    /// <summary>
    /// An answer that ran code, step by step in the model's order (its text steps make up <see cref="Text"/>);
    /// null for an answer without code.
    /// </summary>
    [Id(15)] public AnswerStep[]? Steps { get; init; }

    /// <summary>Images the model made for the answer (draft images it thought with are never kept).</summary>
    [Id(16)] public MessageImage[]? Images { get; init; }

    /// <summary>The owner's rating of an answer (thumbs up or down, why, a comment); null when not rated.</summary>
    [Id(17)] public MessageFeedback? Feedback { get; init; }

    public const int MaxVersions = 10;

    /// <summary>This message replaced by <paramref name="next"/>, which keeps it as its newest earlier version.</summary>
    public StoredMessage ReplacedBy(StoredMessage next) => next with
    {
        Versions = [this with { Versions = null, Parts = null }, .. (Versions ?? []).Take(MaxVersions - 1)],
    };
}

/// <summary>
/// One part of a stored AI message, as Gemini sent it: the next <paramref name="Length"/> characters of the
/// message's <c>Text</c> (or of its <c>Thoughts</c> for a thought part), and the part's opaque thought signature.
/// Lengths instead of copies keep a signed answer's text stored once.
/// </summary>
/// <remarks>
/// A part that is a code step (code or its result) has <see cref="Step"/> set: it stands for that entry of the
/// message's <c>Steps</c>, which holds its content and signature, and covers no text.
/// </remarks>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ReplyPart")]
public sealed record ReplyPart(bool Thought, int Length, string? ThoughtSignature)
{
    [Id(3)] public int? Step { get; init; }

    /// <summary>A part that is an image the model made: that entry of the message's <c>Images</c>; it covers no text.</summary>
    [Id(4)] public int? Image { get; init; }
}

/// <summary>A file sent with a message, as the message keeps it.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.MessageAttachment")]
public sealed record MessageAttachment(string Id, string Name, string MediaType, long Size, string Sha256)
{
    public static MessageAttachment Of(Attachment attachment) =>
        new(attachment.Id, attachment.Name, attachment.MediaType, attachment.Size, attachment.Sha256);
}

/// <summary>What Gemini counted for one call (<c>usageMetadata</c>).</summary>
/// <param name="InputTokens">The prompt: system instruction, history and the new message.</param>
/// <param name="OutputTokens">The answer's text, thoughts not included.</param>
[GenerateSerializer, Immutable, Alias("GeminiClone.Chatrooms.TokenUsage")]
public sealed record TokenUsage(long? InputTokens, long? OutputTokens, long? TotalTokens)
{
    /// <summary>Spent thinking; billed as output.</summary>
    [Id(3)] public long? ThoughtTokens { get; init; }

    /// <summary>The part of the prompt served from Gemini's cache.</summary>
    [Id(4)] public long? CachedTokens { get; init; }
}
