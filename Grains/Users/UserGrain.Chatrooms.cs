using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Folders;

namespace GeminiClone.Grains.Users;

/// <summary>
/// The chatroom list as <c>GET /chatroom</c> shows it (<see cref="ChatroomListing"/>), and what the user's folders
/// ask of it. The list is the chatrooms' projection: each chatroom sends its whole summary, flags included.
/// </summary>
public sealed partial class UserGrain
{
    public async Task<ChatroomListPage> ListChatroomsAsync(ChatroomListQuery query)
    {
        var chatrooms = await _chatrooms.GetAsync(Id);
        // The folders are asked only when a folder is named, by the query or by a chatroom: most lists name none.
        var folders = query.FolderId is not null || chatrooms.Values.Any(c => c.FolderId is not null)
            ? (await GrainFactory.GetGrain<IUserFoldersGrain>(Id).GetFoldersAsync()).Select(f => f.Id).ToHashSet(StringComparer.Ordinal)
            : [];
        return query.FolderId is { } folder && !folders.Contains(folder)
            ? new ChatroomListPage(ChatroomListStatus.FolderNotFound, [], null)
            : ChatroomListing.Page(chatrooms.Values, query, folders);
    }

    public async Task<Dictionary<string, int>> CountChatroomsByFolderAsync() =>
        (await _chatrooms.GetAsync(Id)).Values.Where(c => c.FolderId is not null)
            .GroupBy(c => c.FolderId!)
            .ToDictionary(g => g.Key, g => g.Count());

    public async Task<IReadOnlyList<string>> GetChatroomsInFolderAsync(string folderId) =>
        [.. (await _chatrooms.GetAsync(Id)).Values.Where(c => c.FolderId == folderId).Select(c => c.Id)];
}
