using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Folders;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Folders;

[GenerateSerializer, Alias("GeminiClone.Folders.UserFoldersState")]
public sealed class UserFoldersState
{
    /// <summary>The user's folders by id.</summary>
    [Id(0)] public Dictionary<string, Folder> Folders { get; set; } = [];
}

/// <summary>
/// A user's folders. Which chatroom is in which folder is the chatrooms' own state (projected into the owner's
/// chatroom list), so this grain holds only names, and counts from the owner's list when it is asked for them.
/// </summary>
public sealed class UserFoldersGrain(
    [PersistentState("folders", StorageNames.Folders)] IPersistentState<UserFoldersState> folders,
    IOptions<FolderOptions> options,
    TimeProvider clock)
    : Grain, IUserFoldersGrain
{
    private string UserId => this.GetPrimaryKeyString();

    private Dictionary<string, Folder> Folders => folders.State.Folders;

    public async Task<Folder?> CreateAsync(string name)
    {
        if (Folders.Count >= options.Value.MaxPerUser)
        {
            return null;
        }

        var folder = new Folder(Guid.CreateVersion7().ToString(), name, clock.GetUtcNow());
        Folders[folder.Id] = folder;
        await WriteAsync(() => Folders.Remove(folder.Id));
        return folder;
    }

    public async Task<IReadOnlyList<ListedFolder>> ListAsync()
    {
        var counts = Folders.Count == 0 ? new Dictionary<string, int>() : await Owner.CountChatroomsByFolderAsync();
        return [.. Ordered().Select(f => new ListedFolder(f, counts.GetValueOrDefault(f.Id)))];
    }

    public Task<IReadOnlyList<Folder>> GetFoldersAsync() => Task.FromResult<IReadOnlyList<Folder>>(Ordered());

    public Task<bool> HasFolderAsync(string folderId) => Task.FromResult(Folders.ContainsKey(folderId));

    public async Task<Folder?> RenameAsync(string folderId, string name)
    {
        if (!Folders.TryGetValue(folderId, out var before))
        {
            return null;
        }

        var renamed = before with { Name = name };
        Folders[folderId] = renamed;
        await WriteAsync(() => Folders[folderId] = before);
        return renamed;
    }

    public async Task<bool> DeleteAsync(string folderId)
    {
        if (!Folders.Remove(folderId, out var deleted))
        {
            return false;
        }

        // The folder first: from here on its chatrooms read as in no folder, whatever happens next.
        await WriteAsync(() => Folders[folderId] = deleted);
        // Then each chatroom lets go of it, one-way: none waits behind a chatroom's running turn, and one that misses
        // the message still reads as in no folder.
        foreach (var chatroomId in await Owner.GetChatroomsInFolderAsync(folderId))
        {
            _ = GrainFactory.GetGrain<IChatroomGrain>(chatroomId).LeaveFolderAsync(UserId, folderId);
        }

        return true;
    }

    public async Task EraseAsync()
    {
        if (folders.RecordExists)
        {
            await folders.ClearStateAsync();
        }

        folders.State = new UserFoldersState();
    }

    /// <summary>Writes the change; when the write fails, <paramref name="undo"/> puts memory back as storage has it.</summary>
    private async Task WriteAsync(Action undo)
    {
        try
        {
            await folders.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }

    private List<Folder> Ordered() =>
        [.. Folders.Values.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.CreatedAt).ThenBy(f => f.Id, StringComparer.Ordinal)];

    private IUserGrain Owner => GrainFactory.GetGrain<IUserGrain>(UserId);
}
