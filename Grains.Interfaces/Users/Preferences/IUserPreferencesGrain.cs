using GeminiClone.Grains.Interfaces.Chatrooms;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Users.Preferences;

/// <summary>
/// A user's preferences about the assistant, keyed by the user id: the instructions Gemini reads before every
/// chatroom's own, the model and tools new chatrooms take, and the user's Gems (saved assistants). One grain holds
/// both, so a turn learns everything it needs from them in one call (<see cref="GetForTurnAsync"/>).
/// </summary>
[Alias("GeminiClone.Users.IUserPreferencesGrain")]
public interface IUserPreferencesGrain : IGrainWithStringKey
{
    /// <summary>The preferences; <see cref="UserPreferences.Default"/> when the user never set any.</summary>
    [Alias("GetPreferences"), ReadOnly, AlwaysInterleave]
    Task<UserPreferences> GetPreferencesAsync();

    /// <summary>
    /// Replaces the preferences. A default model or tools the user's plan or the model does not allow are refused
    /// as a chatroom's settings are, naming <c>defaultModel</c> or <c>defaultTools</c>.
    /// </summary>
    [Alias("SetPreferences")]
    Task<PreferencesResult> SetPreferencesAsync(string instructions, string? defaultModel, ChatTools defaultTools);

    /// <summary>
    /// What a turn (or a chatroom being created from a Gem) needs: the user's instructions and Gem
    /// <paramref name="gemId"/> as it is now, null when there is none (or no longer). Served from memory and
    /// interleaved with everything, so a turn never waits behind a change of preferences or Gems.
    /// </summary>
    [Alias("GetForTurn"), ReadOnly, AlwaysInterleave]
    Task<TurnPreferences> GetForTurnAsync(string? gemId);

    /// <summary>The user's Gems, newest first.</summary>
    [Alias("ListGems"), ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<Gem>> ListGemsAsync();

    [Alias("GetGem"), ReadOnly, AlwaysInterleave]
    Task<Gem?> GetGemAsync(string gemId);

    /// <summary>
    /// Creates Gem <paramref name="gemId"/> (the gateway names it, so a retried call finds the Gem it made), unless
    /// the user has as many as allowed or its model or tools are not allowed.
    /// </summary>
    [Alias("CreateGem")]
    Task<GemResult> CreateGemAsync(string gemId, GemDraft draft);

    /// <summary>Changes what <paramref name="change"/> sets; chatrooms started from the Gem use it from their next turn.</summary>
    [Alias("ChangeGem")]
    Task<GemResult> ChangeGemAsync(string gemId, GemChange change);

    /// <summary>False when the user has no such Gem. Its chatrooms keep the last instructions, model and tools they used.</summary>
    [Alias("DeleteGem")]
    Task<bool> DeleteGemAsync(string gemId);

    /// <summary>Erases the preferences and every Gem (the account is being deleted).</summary>
    [Alias("Erase")]
    Task EraseAsync();
}
