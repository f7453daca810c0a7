using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Users.Preferences;

/// <summary>
/// The version of what this grain holds, which lets chatrooms keep a turn's read of it between turns: every change
/// gets a new one, announced to the user's grain before the change is stored; the user's slots carry the last one
/// announced, and a chatroom whose kept read is of another version reads again (<c>KeptPreferences</c>, in the
/// chatroom's turns). Versions are random, never counted: a new activation takes a new one (and announces it), and
/// no version of earlier contents can come back as current.
/// </summary>
public sealed partial class UserPreferencesGrain
{
    /// <summary>
    /// The user's grain answers an announcement from memory, interleaved with everything; it takes longer only while
    /// it is unreachable (a silo that died and is not yet declared dead), when neither a change nor this grain's
    /// activation should wait Orleans' whole response timeout for it.
    /// </summary>
    private static readonly TimeSpan AnnounceTimeout = TimeSpan.FromSeconds(2);

    private long _version = Random.Shared.NextInt64();

    /// <summary>A change is between its announcement and its write: what is read meanwhile may not be what is stored.</summary>
    private bool _changing;

    /// <summary>
    /// A new activation announces its version before it answers anything, so the chatrooms that read it keep what
    /// they read from their next turn on, rather than reading once more to learn the user's grain lags behind.
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => AnnounceAsync(_version);

    /// <summary>The version a read may be kept under; null while a change is being stored.</summary>
    private long? VersionToKeep => _changing ? null : _version;

    /// <summary>
    /// Stores a change (<paramref name="store"/> writes it, and puts memory back as stored if the write fails) so that
    /// chatrooms keeping these preferences learn of it on their next turn. If the write fails, memory holds what it
    /// held under the old version, while the user's grain has the new one: chatrooms then read again and keep that.
    /// </summary>
    private async Task ChangeAsync(Func<Task> store)
    {
        var next = Random.Shared.NextInt64();
        _changing = true;
        try
        {
            await AnnounceAsync(next);
            await store();
            _version = next;
        }
        finally
        {
            _changing = false;
        }
    }

    /// <summary>
    /// Tells the user's grain, waiting for it at most <see cref="AnnounceTimeout"/>. A failure does not stop the
    /// change: chatrooms that kept the preferences then use the old ones until what they kept is
    /// <c>KeptPreferences.MaxAge</c> old, and read again.
    /// </summary>
    private async Task AnnounceAsync(long version)
    {
        try
        {
            await GrainFactory.GetGrain<IUserGrain>(UserId).PreferencesChangedAsync(version).WaitAsync(AnnounceTimeout);
        }
        catch (Exception e)
        {
            LogAnnounceFailed(e, UserId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The preferences of user {UserId} changed, and their user grain could not be told: chatrooms may use the old ones for up to half a minute")]
    private partial void LogAnnounceFailed(Exception exception, string userId);
}
