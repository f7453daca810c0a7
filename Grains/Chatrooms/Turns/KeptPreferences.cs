using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Interfaces.Users.Preferences;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// The owner's preferences as a chatroom's turns read them (<see cref="IUserPreferencesGrain.GetForTurnAsync"/>),
/// kept between turns so that a turn whose owner changed nothing makes no call for them: the quota slot every turn
/// holds says which version is current (<see cref="SlotReservation.PreferencesVersion"/>), as the preferences grain
/// announces each change to the user's grain before storing it.
/// </summary>
/// <remarks>
/// A turn plans with the kept read, then checks it against its slot; a read of another version is read again and the
/// turn planned again (<see cref="TurnRunner"/>). A read is current when the slot carries its own version, or the
/// version the slot carried just before it was made (the user's grain may lag behind the preferences grain: a
/// restarted grain on either side, an announcement that failed); a read is never kept while a change is being stored.
/// What an announcement that failed hides is seen once the read is <see cref="MaxAge"/> old.
/// </remarks>
internal sealed class KeptPreferences(TimeProvider clock)
{
    /// <summary>How long a read is used at most without reading again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private Kept? _kept;

    /// <summary>The read kept for Gem <paramref name="gemId"/>, if it is young enough to plan a turn with.</summary>
    public TurnPreferences? For(string? gemId) =>
        _kept is { } kept && kept.GemId == gemId && clock.GetUtcNow() - kept.At < MaxAge ? kept.Read : null;

    /// <summary>Whether <paramref name="read"/>, planned with, is still what the owner has, by the turn's slot.</summary>
    public bool IsCurrent(TurnPreferences read, SlotReservation slot) =>
        _kept is { } kept && ReferenceEquals(kept.Read, read)
        && (slot.PreferencesVersion == kept.Read.Version || (kept.SlotBefore is { } before && slot.PreferencesVersion == before.PreferencesVersion));

    /// <summary>
    /// Reads the preferences and keeps the read when it may be kept. <paramref name="slotBefore"/>: the turn's slot,
    /// when the read comes after it.
    /// </summary>
    public async Task<TurnPreferences> ReadAsync(IUserPreferencesGrain preferences, string? gemId, SlotReservation? slotBefore = null)
    {
        var read = await preferences.GetForTurnAsync(gemId);
        _kept = read.Version is null ? null : new Kept(gemId, read, slotBefore, clock.GetUtcNow());
        return read;
    }

    /// <param name="SlotBefore">The turn's slot when the read came after it (its version may itself be null: an activation of the user's grain that has heard none).</param>
    private sealed record Kept(string? GemId, TurnPreferences Read, SlotReservation? SlotBefore, DateTimeOffset At);
}
