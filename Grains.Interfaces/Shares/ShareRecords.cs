using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Interfaces.Shares;

/// <summary>A share link as its owner's list keeps it (the snapshot itself is in the share's own grain).</summary>
/// <param name="Id">The link's secret id (<see cref="ShareIds"/>).</param>
/// <param name="MessageCount">How many messages the snapshot holds.</param>
[GenerateSerializer, Alias("GeminiClone.Shares.ShareEntry")]
public sealed record ShareEntry(string Id, string ChatroomId, DateTimeOffset CreatedAt, int MessageCount);

/// <summary>
/// A read-only snapshot of a conversation as a share link shows it: the title, the stored messages (without
/// thoughts, thought signatures, usage, turn ids or earlier versions) and the files those messages show.
/// </summary>
/// <param name="Attachments">Exactly the files the messages show (sent with a question, or images in an answer).</param>
[GenerateSerializer, Alias("GeminiClone.Shares.SharedConversation")]
public sealed record SharedConversation(string Title, StoredMessage[] Messages, Attachment[] Attachments, DateTimeOffset CreatedAt);

[GenerateSerializer, Alias("GeminiClone.Shares.ShareCreationStatus")]
public enum ShareCreationStatus
{
    Created = 0,
    /// <summary>No such chatroom, or not the caller's.</summary>
    NotFound = 1,
    /// <summary>A chatroom that may never be shared (a temporary chat).</summary>
    NotShareable = 2,
    /// <summary>The chatroom already has as many share links as it may (<c>Shares:MaxPerChatroom</c>).</summary>
    TooManyShares = 3,
    /// <summary>The conversation is larger than a snapshot may be (<c>Shares:MaxMessages</c>, <c>Shares:MaxCharacters</c>).</summary>
    TooLarge = 4,
}

/// <param name="Share">With <see cref="ShareCreationStatus.Created"/>: the new link.</param>
[GenerateSerializer, Alias("GeminiClone.Shares.ShareCreation")]
public sealed record ShareCreation(ShareCreationStatus Status, ShareEntry? Share);

[GenerateSerializer, Alias("GeminiClone.Shares.SharedCopyStatus")]
public enum SharedCopyStatus
{
    Created = 0,
    /// <summary>No such share, or it was revoked.</summary>
    ShareNotFound = 1,
    /// <summary>The caller has as many chatrooms as allowed.</summary>
    TooManyChatrooms = 2,
}

/// <param name="Chatroom">With <see cref="SharedCopyStatus.Created"/>: the caller's new chatroom.</param>
[GenerateSerializer, Alias("GeminiClone.Shares.SharedCopy")]
public sealed record SharedCopy(SharedCopyStatus Status, ChatroomDetails? Chatroom);
