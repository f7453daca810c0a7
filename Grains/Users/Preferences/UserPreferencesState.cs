using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users.Preferences;

namespace GeminiClone.Grains.Users.Preferences;

/// <summary>A user's instructions and defaults; nothing stored means the defaults.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.UserPreferencesState")]
public sealed class UserPreferencesState
{
    [Id(0)] public string Instructions { get; set; } = "";
    [Id(1)] public string? DefaultModel { get; set; }
    [Id(2)] public ChatTools DefaultTools { get; set; }
    [Id(3)] public DateTimeOffset? UpdatedAt { get; set; }

    public UserPreferences ToPreferences() => new(Instructions, DefaultModel, DefaultTools, UpdatedAt);
}

/// <summary>A user's Gems by id: one record, so the limit is exact and a list is one read.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.UserGemsState")]
public sealed class UserGemsState
{
    [Id(0)] public Dictionary<string, Gem> Gems { get; set; } = [];
}
