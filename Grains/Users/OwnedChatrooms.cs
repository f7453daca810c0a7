using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Users;

/// <summary>
/// The user's chatroom list as the user's grain holds it: read from its <see cref="IChatroomListStore"/> the first
/// time an activation needs it (the checks every request makes never do), then changed in memory and in the store
/// together, a row at a time. A list an earlier release stored inside the user's state
/// (<see cref="UserState.Chatrooms"/>) moves to the store when the grain activates (<see cref="MoveLegacyListAsync"/>).
/// </summary>
internal sealed class OwnedChatrooms(IChatroomListStore store, IPersistentState<UserState> user)
{
    private Task<Dictionary<string, ChatroomSummary>>? _loading;

    /// <summary>The list, read once per activation; a read the store failed is tried again by the next caller.</summary>
    public async Task<Dictionary<string, ChatroomSummary>> GetAsync(string userId)
    {
        var loading = _loading ??= ReadAsync(userId);
        try
        {
            return await loading;
        }
        catch
        {
            if (_loading == loading)
            {
                _loading = null;
            }

            throw;
        }
    }

    /// <summary>A user just registered has no chatrooms: nothing to read.</summary>
    public void StartEmpty() => _loading = Task.FromResult(new Dictionary<string, ChatroomSummary>(StringComparer.Ordinal));

    /// <summary>
    /// Adds or replaces the chatroom. Every change is stored before the list in memory takes it, so a write the store
    /// refused leaves the list as the store has it.
    /// </summary>
    public async Task PutAsync(string userId, ChatroomSummary chatroom)
    {
        var chatrooms = await GetAsync(userId);
        await store.WriteAsync(userId, [chatroom]);
        chatrooms[chatroom.Id] = chatroom;
    }

    /// <summary>Replaces the chatroom if the list holds it (a chatroom removed meanwhile stays removed).</summary>
    public async Task ReplaceAsync(string userId, ChatroomSummary chatroom)
    {
        var chatrooms = await GetAsync(userId);
        if (chatrooms.ContainsKey(chatroom.Id))
        {
            await store.WriteAsync(userId, [chatroom]);
            chatrooms[chatroom.Id] = chatroom;
        }
    }

    public async Task RemoveAsync(string userId, string chatroomId)
    {
        var chatrooms = await GetAsync(userId);
        if (chatrooms.ContainsKey(chatroomId))
        {
            await store.RemoveAsync(userId, chatroomId);
            chatrooms.Remove(chatroomId);
        }
    }

    /// <summary>The account is erased: every row goes.</summary>
    public async Task EraseAsync(string userId)
    {
        await store.RemoveAllAsync(userId);
        StartEmpty();
    }

    /// <summary>
    /// Moves a list stored inside the user's state by an earlier release into the store: its rows first, then the
    /// state without it. A crash between the two writes leaves both, and the next activation moves the list again
    /// (the same rows; nothing could change them meanwhile, since every activation moves the list first). Called on
    /// activation, which nothing interleaves with, so this write of the user's state never meets another.
    /// </summary>
    public async Task MoveLegacyListAsync(string userId)
    {
        if (user.State.Chatrooms.Count == 0)
        {
            return;
        }

        var chatrooms = await GetAsync(userId);
        await store.WriteAsync(userId, user.State.Chatrooms.Values);
        foreach (var (id, chatroom) in user.State.Chatrooms)
        {
            chatrooms[id] = chatroom;
        }

        user.State.Chatrooms = [];
        await user.WriteStateAsync();
    }

    private async Task<Dictionary<string, ChatroomSummary>> ReadAsync(string userId) =>
        (await store.ReadAsync(userId)).ToDictionary(c => c.Id, StringComparer.Ordinal);
}
