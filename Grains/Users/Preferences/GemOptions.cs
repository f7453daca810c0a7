using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Users.Preferences;

/// <summary>Saved assistants (section <c>Gems</c>).</summary>
public sealed class GemOptions
{
    public const string Section = "Gems";

    /// <summary>
    /// Gems one user may keep. They live together in one record, read whenever a turn starts in a fresh activation,
    /// so this bounds it (100 Gems of 4,000-character instructions are about 1 MB at worst).
    /// </summary>
    [Range(1, 1000)]
    public int MaxPerUser { get; set; } = 100;
}
