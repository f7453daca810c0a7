using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// A sealed page of a conversation (a fixed number of messages), written once when the chatroom's recent window
/// overflows, so a turn's write never grows with the length of the history. Keyed <c>{chatroomId}/{pageIndex}</c>.
/// </summary>
[Alias("GeminiClone.Chatrooms.IChatPageGrain")]
public interface IChatPageGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task WriteAsync(IReadOnlyList<StoredMessage> messages);

    [Alias("Get"), ReadOnly]
    Task<IReadOnlyList<StoredMessage>> GetAsync();

    /// <summary>
    /// Puts <paramref name="message"/> in place of the page's message at <paramref name="index"/> (a rating given
    /// after the page was sealed); false when the page has no such message. Only the chatroom calls it, in its turn.
    /// </summary>
    [Alias("Replace")]
    Task<bool> ReplaceAsync(int index, StoredMessage message);

    [Alias("Clear")]
    Task ClearAsync();
}
