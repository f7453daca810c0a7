using System.Text.Json.Serialization;
using GeminiClone.Api.Chatrooms;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Shares;

namespace GeminiClone.Api.Shares;

/// <summary>A share link as its owner sees it.</summary>
/// <param name="Url">The link to hand out: anyone with it reads the snapshot, without signing in.</param>
/// <param name="MessageCount">How many messages the snapshot holds (later ones are not in it).</param>
public sealed record ShareData(string Id, string Url, DateTime CreatedAt, int MessageCount)
{
    public static ShareData From(ShareEntry share, string url) => new(share.Id, url, share.CreatedAt.UtcDateTime, share.MessageCount);
}

/// <summary>A shared conversation as anyone with the link reads it: nothing about who wrote it.</summary>
/// <param name="CreatedAt">When the link was made: the snapshot shows the conversation as it was then.</param>
public sealed record SharedConversationData(string Title, IReadOnlyList<SharedMessageData> Messages, DateTime CreatedAt)
{
    public static SharedConversationData From(SharedConversation shared) =>
        new(shared.Title, [.. shared.Messages.Select(SharedMessageData.From)], shared.CreatedAt.UtcDateTime);
}

/// <summary>A message of a shared conversation; each of its files downloads from <c>GET /shared/:shareId/attachments/:attachmentId</c>.</summary>
public sealed record SharedMessageData(MessageRole Role, string Text, DateTime Timestamp)
{
    /// <summary>How the answer is grounded in Google Search (its sources, and the spans of <c>text</c> each backs).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GroundingData? Grounding { get; init; }

    /// <summary>Images the model made for the answer.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ImageData>? Images { get; init; }

    /// <summary>Files sent with the question.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MessageAttachmentData>? Attachments { get; init; }

    public static SharedMessageData From(StoredMessage message) => new(message.Role, message.Text, message.Timestamp.UtcDateTime)
    {
        Grounding = GroundingData.From(message.Grounding),
        Images = message.Images is { Length: > 0 } images ? [.. images.Select(ImageData.From)] : null,
        Attachments = message.Attachments is { Length: > 0 } files ? [.. files.Select(MessageAttachmentData.From)] : null,
    };
}
