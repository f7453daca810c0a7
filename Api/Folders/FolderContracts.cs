using System.ComponentModel.DataAnnotations;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Folders;

namespace GeminiClone.Api.Folders;

/// <summary><c>POST /folders</c> and <c>PATCH /folders/:id</c>.</summary>
/// <param name="Name">1-100 characters, surrounding spaces trimmed.</param>
public sealed record FolderRequest([property: Required][TextLength(1, FolderLimits.NameMaxLength, Trimmed = true)] string Name);

public sealed record FolderData(string Id, string Name, DateTime CreatedAt)
{
    public static FolderData From(Folder folder) => new(folder.Id, folder.Name, folder.CreatedAt.UtcDateTime);
}

/// <param name="ChatroomCount">The caller's chatrooms in the folder, archived and temporary ones included.</param>
public sealed record FolderListItem(string Id, string Name, DateTime CreatedAt, int ChatroomCount)
{
    public static FolderListItem From(ListedFolder listed) =>
        new(listed.Folder.Id, listed.Folder.Name, listed.Folder.CreatedAt.UtcDateTime, listed.ChatroomCount);
}
