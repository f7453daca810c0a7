using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Folders;

/// <summary>Folders for chatrooms (section <c>Folders</c>).</summary>
public sealed class FolderOptions
{
    public const string Section = "Folders";

    /// <summary>Folders one user may have; creating one more is a 409.</summary>
    [Range(1, 10_000)]
    public int MaxPerUser { get; set; } = 200;
}
