using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Users;

/// <summary>
/// Where a user's chatroom list is kept: a row per chatroom beside the user's state, so that a turn rewrites its own
/// chatroom's row rather than the whole list (up to <c>Chatrooms:MaxChatroomsPerUser</c> summaries) with the user's
/// quota. The user's grain is its only writer and reads it once per activation. PostgreSQL in production
/// (<c>Grains/Adapters/PostgreSql/PostgresChatroomListStore</c>), the process in the embedded mode
/// (<c>Grains/Adapters/InMemory/MemoryChatroomListStore</c>). An outage leaves as a
/// <see cref="Interfaces.Storage.StorageUnavailableException"/>, as grain storage's does.
/// </summary>
public interface IChatroomListStore
{
    /// <summary>The user's chatrooms, in no particular order; none for a user who has none (or no list yet).</summary>
    Task<IReadOnlyList<ChatroomSummary>> ReadAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Puts each chatroom's row in, replacing what was there; every row or none.</summary>
    Task WriteAsync(string userId, IReadOnlyCollection<ChatroomSummary> chatrooms, CancellationToken cancellationToken = default);

    /// <summary>Takes the chatroom's row out; nothing when there is none.</summary>
    Task RemoveAsync(string userId, string chatroomId, CancellationToken cancellationToken = default);

    /// <summary>Takes every row of the user's out (the account is erased).</summary>
    Task RemoveAllAsync(string userId, CancellationToken cancellationToken = default);
}
