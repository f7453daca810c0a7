using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>
/// A user's sign-in sessions, kept in <see cref="UserState.Sessions"/> of the user's record: opened on sign-in,
/// checked on every request, the refresh secret rotated on every refresh (a secret exchanged twice ends its session,
/// as the OAuth 2.0 Security BCP describes), listed, ended one or all. Refreshing and ending write the record; opening
/// and ending all join the write of the sign-in or password change they belong to. When a session was last used is
/// also kept in memory between writes, since access tokens are checked on every request and that must not write.
/// </summary>
internal sealed class Sessions(IPersistentState<UserState> record, SessionOptions options, TimeProvider clock)
{
    private readonly Dictionary<string, DateTimeOffset> _lastSeen = [];

    private UserState State => record.State;

    /// <summary>A new session; stored with the caller's next write of the record.</summary>
    public SessionGrant Open(SessionClient client)
    {
        var sessions = State.Sessions ??= [];
        while (sessions.Count >= options.MaxPerUser)
        {
            sessions.Remove(sessions.Values.MinBy(LastUsed)!.Id);
        }

        var now = clock.GetUtcNow();
        var (secret, hash) = NewSecret();
        var session = new UserSession(Guid.CreateVersion7().ToString("N"), now, now, Trim(client.UserAgent), client.IpAddress, hash,
            now + options.RefreshLifetime);
        sessions[session.Id] = session;
        return new SessionGrant(session.Id, secret, session.RefreshExpiresAt);
    }

    /// <summary>Whether an access token of this session may still be used; notes the use.</summary>
    public bool IsActive(string sessionId)
    {
        if (State.Sessions?.TryGetValue(sessionId, out var session) != true || session!.RefreshExpiresAt <= clock.GetUtcNow())
        {
            return false;
        }

        _lastSeen[sessionId] = clock.GetUtcNow();
        return true;
    }

    /// <summary>Exchanges the session's current refresh secret for a new one; a reused secret ends the session.</summary>
    public async Task<SessionRefreshResult> RefreshAsync(string sessionId, string secret, SessionClient client)
    {
        var (result, changed) = Refresh(State, sessionId, secret, client);
        if (changed)
        {
            await record.WriteStateAsync();
        }

        return result;
    }

    public IReadOnlyList<SessionInfo> List()
    {
        var now = clock.GetUtcNow();
        return [.. (State.Sessions?.Values.AsEnumerable() ?? []).Where(s => s.RefreshExpiresAt > now).OrderByDescending(LastUsed)
            .Select(s => new SessionInfo(s.Id, s.CreatedAt, LastUsed(s), s.UserAgent, s.IpAddress))];
    }

    /// <summary>Ends one session at once; false if there was none.</summary>
    public async Task<bool> EndAsync(string sessionId)
    {
        if (!End(sessionId))
        {
            return false;
        }

        await record.WriteStateAsync();
        return true;
    }

    /// <summary>Ends every session but <paramref name="kept"/> (none: all of them); stored with the caller's next write.</summary>
    public void EndAllBut(string? kept)
    {
        foreach (var id in State.Sessions?.Keys.Where(id => id != kept).ToList() ?? [])
        {
            End(id);
        }
    }

    /// <summary>The outcome, and whether the state changed (and must be written).</summary>
    private (SessionRefreshResult Result, bool Changed) Refresh(UserState state, string sessionId, string secret, SessionClient client)
    {
        if (state.Sessions?.TryGetValue(sessionId, out var session) != true)
        {
            return (new SessionRefreshResult(SessionRefreshStatus.Invalid), false);
        }

        var presented = Hash(secret);
        var now = clock.GetUtcNow();
        if (session!.RetiredHashes.Any(h => FixedTimeEquals(h, presented)))
        {
            state.Sessions.Remove(sessionId);
            return (new SessionRefreshResult(SessionRefreshStatus.Reused), true);
        }

        if (!FixedTimeEquals(session.RefreshHash, presented))
        {
            return (new SessionRefreshResult(SessionRefreshStatus.Invalid), false);
        }

        if (session.RefreshExpiresAt <= now)
        {
            state.Sessions.Remove(sessionId);
            return (new SessionRefreshResult(SessionRefreshStatus.Expired), true);
        }

        var (next, hash) = NewSecret();
        state.Sessions[sessionId] = session with
        {
            LastUsedAt = now,
            UserAgent = Trim(client.UserAgent) ?? session.UserAgent,
            IpAddress = client.IpAddress ?? session.IpAddress,
            RefreshHash = hash,
            RefreshExpiresAt = now + options.RefreshLifetime,
            RetiredHashes = [session.RefreshHash, .. session.RetiredHashes.Take(UserSession.RetiredKept - 1)],
        };
        return (new SessionRefreshResult(SessionRefreshStatus.Refreshed, new SessionGrant(sessionId, next, now + options.RefreshLifetime),
            state.TokenVersion), true);
    }

    private bool End(string sessionId)
    {
        _lastSeen.Remove(sessionId);
        return State.Sessions?.Remove(sessionId) == true;
    }

    private DateTimeOffset LastUsed(UserSession session) =>
        _lastSeen.TryGetValue(session.Id, out var seen) && seen > session.LastUsedAt ? seen : session.LastUsedAt;

    private static (string Secret, string Hash) NewSecret()
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (secret, Hash(secret));
    }

    private static string Hash(string secret) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    /// <summary>User agents are the client's word and can be long: 256 characters are plenty to recognise a device.</summary>
    private static string? Trim(string? userAgent) => userAgent is { Length: > 256 } ? userAgent[..256] : userAgent;
}
