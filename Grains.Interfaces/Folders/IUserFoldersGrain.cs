using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Folders;

/// <summary>
/// One user's folders for chatrooms, keyed by the user id. A folder is only a name: each chatroom says which folder
/// it is in (its own state), so deleting a folder loses no chatroom, and a chatroom still naming a deleted folder
/// (a deletion cut short) is in no folder.
/// </summary>
[Alias("GeminiClone.Folders.IUserFoldersGrain")]
public interface IUserFoldersGrain : IGrainWithStringKey
{
    /// <summary>A new folder; null when the user has as many folders as allowed (<c>Folders:MaxPerUser</c>).</summary>
    [Alias("Create")]
    Task<Folder?> CreateAsync(string name);

    /// <summary>The folders by name, each with how many of the user's chatrooms are in it.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<ListedFolder>> ListAsync();

    /// <summary>
    /// The folders as they are, without counts. Reads memory only, so it interleaves with everything: the owner's
    /// grain and the chatrooms ask it while this grain may itself be waiting on them.
    /// </summary>
    [Alias("GetFolders"), ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<Folder>> GetFoldersAsync();

    /// <summary>Whether the user has this folder (asked before a chatroom moves into it, and when one is read).</summary>
    [Alias("HasFolder"), ReadOnly, AlwaysInterleave]
    Task<bool> HasFolderAsync(string folderId);

    /// <summary>Null when the user has no such folder.</summary>
    [Alias("Rename")]
    Task<Folder?> RenameAsync(string folderId, string name);

    /// <summary>
    /// Deletes the folder (false when there is none); its chatrooms stay, in no folder. The folder goes first, so a
    /// deletion cut short leaves chatrooms naming a folder that no longer exists, which read as in none.
    /// </summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string folderId);

    /// <summary>Every folder goes (the account is being deleted).</summary>
    [Alias("Erase")]
    Task EraseAsync();
}

[GenerateSerializer, Alias("GeminiClone.Folders.Folder")]
public sealed record Folder(string Id, string Name, DateTimeOffset CreatedAt);

/// <param name="ChatroomCount">The user's chatrooms in the folder, archived and temporary ones included.</param>
[GenerateSerializer, Alias("GeminiClone.Folders.ListedFolder")]
public sealed record ListedFolder(Folder Folder, int ChatroomCount);

/// <summary>What a folder's name may be (the gateway validates requests by it).</summary>
public static class FolderLimits
{
    public const int NameMaxLength = 100;
}
