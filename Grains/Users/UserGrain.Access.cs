using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Users;

/// <summary>
/// What every authenticated request asks (whether its credential may call, with the roles it carries) and what
/// follows from it: when the user was last active, noted in memory and stored at most once an hour; and the user's
/// row in the operators' directory, written after every change it shows.
/// </summary>
public sealed partial class UserGrain
{
    /// <summary>How stale the stored last activity may be: a request costs no write unless it is older than this.</summary>
    private static readonly TimeSpan ActivityResolution = TimeSpan.FromHours(1);

    private DateTimeOffset? _lastSeen;
    private bool _activityWriteAsked;

    private bool IsSuspended => State.Suspension is not null;

    private IReadOnlyList<UserRole> Roles => State.Roles ?? [];

    public Task<CallerCheck> CheckTokenAsync(int tokenVersion, string? sessionId) => Task.FromResult(CheckOf(StatusOf(tokenVersion, sessionId)));

    public Task<CallerCheck> CheckKeyOwnerAsync() => Task.FromResult(CheckOf(Exists ? AccountStatus() : CallerStatus.Revoked));

    public async Task RecordActivityAsync()
    {
        _activityWriteAsked = false;
        if (Exists && _lastSeen is { } seen && IsStale(seen))
        {
            State.LastActiveAt = seen;
            await user.WriteStateAsync();
            await WriteDirectoryRowAsync();
        }
    }

    public async Task<bool> SyncDirectoryAsync()
    {
        if (!Exists)
        {
            await account.Directory.RemoveAsync(Id);
            return false;
        }

        await account.Directory.WriteAsync(DirectoryRow);
        return true;
    }

    /// <summary>Whether an access token may call now: the one rule behind the gateway's check and a turn's.</summary>
    private CallerStatus StatusOf(int tokenVersion, string? sessionId) =>
        !Exists || State.TokenVersion != tokenVersion || (sessionId is not null && !_sessions.IsActive(sessionId))
            ? CallerStatus.Revoked
            : AccountStatus();

    /// <summary>Suspended, or open (and so active now) for a caller whose credential holds.</summary>
    private CallerStatus AccountStatus()
    {
        if (IsSuspended)
        {
            return CallerStatus.Suspended;
        }

        NoteActivity();
        return CallerStatus.Valid;
    }

    /// <summary>The profile goes with every answer but a revoked one; the roles only with an open account's.</summary>
    private CallerCheck CheckOf(CallerStatus status) => status == CallerStatus.Revoked
        ? CallerCheck.Revoked
        : new CallerCheck(status, State.ToProfile(Id), status == CallerStatus.Valid ? Roles : []);

    /// <summary>
    /// Called from interleaved reads, which must not write: a stale stored time asks the grain, through its own
    /// queue, to store the new one (<see cref="RecordActivityAsync"/>), once until that has run.
    /// </summary>
    private void NoteActivity()
    {
        var now = clock.GetUtcNow();
        _lastSeen = now;
        if (!_activityWriteAsked && IsStale(now))
        {
            _activityWriteAsked = true;
            this.AsReference<IUserAdminGrain>().RecordActivityAsync().Ignore();
        }
    }

    /// <summary>For a write that happens anyway (a sign-in): the last activity goes with it when the stored one is stale.</summary>
    private bool NoteActivityInWrite()
    {
        var now = clock.GetUtcNow();
        _lastSeen = now;
        if (!IsStale(now))
        {
            return false;
        }

        State.LastActiveAt = now;
        return true;
    }

    private bool IsStale(DateTimeOffset now) => State.LastActiveAt is not { } stored || now - stored >= ActivityResolution;

    private UserDirectoryEntry DirectoryRow =>
        new(Id, State.MobileNumber, State.Name, State.Tier, State.CreatedAt, State.LastActiveAt, IsSuspended);

    /// <summary>
    /// The directory is a projection: a failed write is logged, not thrown after the change it shows was stored, and
    /// the next change (or <c>Silo sync-directory</c>) writes the row again.
    /// </summary>
    private async Task WriteDirectoryRowAsync()
    {
        try
        {
            await account.Directory.WriteAsync(DirectoryRow);
        }
        catch (Exception e)
        {
            LogDirectoryNotWritten(e, Id);
        }
    }

    [LoggerMessage(LogLevel.Error, "The directory row of user {UserId} could not be written; Silo sync-directory writes it again")]
    private partial void LogDirectoryNotWritten(Exception exception, string userId);
}
