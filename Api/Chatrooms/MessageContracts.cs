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

    public static MessageData From(StoredMessage message) => new(
        message.Role, message.Text, message.Timestamp.UtcDateTime,
        message.Model, message.FinishReason, UsageData.From(message.Usage), message.Truncated, message.Thoughts)
    {
        TurnId = message.TurnId,
        Stopped = message.Stopped,
        Versions = message.Versions is { Length: > 0 } versions ? [.. versions.Select(From)] : null,
        Attachments = message.Attachments is { Length: > 0 } attachments ? [.. attachments.Select(MessageAttachmentData.From)] : null,
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
