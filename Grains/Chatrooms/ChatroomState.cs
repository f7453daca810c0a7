using System.Collections.Immutable;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// A chatroom's header plus its recent window. Older messages are sealed into page grains of
/// <see cref="PageSize"/> messages, so the record written on each turn stays between one and two pages long
/// however long the conversation grows.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatroomState")]
public sealed class ChatroomState
{
    /// <summary>Part of the storage layout (page k holds messages [k·PageSize, (k+1)·PageSize)): never change it.</summary>
    public const int PageSize = 50;

    [Id(0)] public string OwnerId { get; set; } = "";
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(4)] public int SealedPages { get; set; }
    [Id(5)] public List<StoredMessage> Recent { get; set; } = [];
    /// <summary>Null for chatrooms stored before settings existed: the defaults.</summary>
    [Id(6)] public ChatroomSettings? Settings { get; set; }

    public int MessageCount => SealedPages * PageSize + Recent.Count;
}

/// <summary>
/// An immutable copy of the last state that storage accepted. Reads interleave with a send that is waiting on
/// Gemini or on storage, so they read this, never the live state a turn may be changing.
/// </summary>
internal sealed record ChatroomView(
    string Id,
    string OwnerId,
    string Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int SealedPages,
    ImmutableArray<StoredMessage> Recent,
    ChatroomSettings Settings)
{
    public int MessageCount => SealedPages * ChatroomState.PageSize + Recent.Length;

    public int RecentStart => SealedPages * ChatroomState.PageSize;

    public static ChatroomView Of(string id, ChatroomState state) => new(
        id, state.OwnerId, state.Title, state.CreatedAt, state.UpdatedAt, state.SealedPages, [.. state.Recent],
        state.Settings ?? ChatroomSettings.Default);

    public ChatroomState ToState() => new()
    {
        OwnerId = OwnerId,
        Title = Title,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        SealedPages = SealedPages,
        Recent = [.. Recent],
        Settings = Settings == ChatroomSettings.Default ? null : Settings,
    };

    public ChatroomDetails ToDetails() => new(Id, OwnerId, Title, CreatedAt, UpdatedAt, MessageCount) { Settings = Settings };

    public ChatroomSummary ToSummary() => new(Id, Title, UpdatedAt);
}
