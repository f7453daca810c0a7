using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Chatrooms;

[GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatPageState")]
public sealed class ChatPageState
{
    [Id(0)] public List<StoredMessage> Messages { get; set; } = [];
}

public sealed class ChatPageGrain(
    [PersistentState("page", StorageNames.Chatrooms)] IPersistentState<ChatPageState> page)
    : Grain, IChatPageGrain
{
    public static string Key(string chatroomId, int pageIndex) => $"{chatroomId}/{pageIndex}";

    /// <summary>Rewriting a page with the same messages is harmless: the chatroom retries a seal it could not record.</summary>
    public Task WriteAsync(IReadOnlyList<StoredMessage> messages)
    {
        page.State.Messages = [.. messages];
        return page.WriteStateAsync();
    }

    public async Task<bool> ReplaceAsync(int index, StoredMessage message)
    {
        var messages = page.State.Messages;
        if (index < 0 || index >= messages.Count)
        {
            return false;
        }

        var before = messages[index];
        messages[index] = message;
        try
        {
            await page.WriteStateAsync();
            return true;
        }
        catch
        {
            // Reads serve this state: it must stay what storage holds.
            messages[index] = before;
            throw;
        }
    }

    public Task<IReadOnlyList<StoredMessage>> GetAsync() => Task.FromResult<IReadOnlyList<StoredMessage>>(page.State.Messages);

    public async Task ClearAsync()
    {
        await page.ClearStateAsync();
        DeactivateOnIdle();
    }
}
