namespace GeminiClone.Grains.Users;

/// <summary>
/// The version of the user's preferences and Gems, as their grain last announced it: what lets a chatroom keep the
/// preferences it read between turns and learn with each slot whether they are still current
/// (<c>KeptPreferences</c> in the chatroom's turns says how the two sides fit).
/// </summary>
public sealed partial class UserGrain
{
    /// <summary>
    /// In memory only: a new activation has heard nothing (null), and chatrooms then read the preferences again once
    /// what they kept is a few seconds old. Storing it would cost a write of the user for every change of a Gem.
    /// </summary>
    private long? _preferencesVersion;

    public Task PreferencesChangedAsync(long version)
    {
        _preferencesVersion = version;
        return Task.CompletedTask;
    }
}
