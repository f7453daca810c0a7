using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>
/// The rules of a user's sessions over <see cref="UserState.Sessions"/>: open on sign-in, rotate the refresh secret
/// on every refresh (a secret exchanged twice ends its session, as the OAuth 2.0 Security BCP describes), end one
/// or all. When a session was last used is also kept in memory between writes, since access tokens are checked on
/// every request and that must not write.
/// </summary>
internal sealed class Sessions(SessionOptions options, TimeProvider clock)
{
    private readonly Dictionary<string, DateTimeOffset> _lastSeen = [];

    public SessionGrant Open(UserState state, SessionClient client)
    {
        var sessions = state.Sessions ??= [];
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
    public bool IsActive(UserState state, string sessionId)
    {
        if (state.Sessions?.TryGetValue(sessionId, out var session) != true || session!.RefreshExpiresAt <= clock.GetUtcNow())
        {
            return false;
        }

        _lastSeen[sessionId] = clock.GetUtcNow();
        return true;
    }

    /// <summary>The outcome, and whether the state changed (and must be written).</summary>
    public (SessionRefreshResult Result, bool Changed) Refresh(UserState state, string sessionId, string secret, SessionClient client)
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

    public IReadOnlyList<SessionInfo> List(UserState state)
    {
        var now = clock.GetUtcNow();
        return [.. (state.Sessions?.Values.AsEnumerable() ?? []).Where(s => s.RefreshExpiresAt > now).OrderByDescending(LastUsed)
            .Select(s => new SessionInfo(s.Id, s.CreatedAt, LastUsed(s), s.UserAgent, s.IpAddress))];
    }

    public bool End(UserState state, string sessionId)
    {
        _lastSeen.Remove(sessionId);
        return state.Sessions?.Remove(sessionId) == true;
    }

    /// <summary>Ends every session but <paramref name="kept"/> (none: all of them).</summary>
    public void EndAllBut(UserState state, string? kept)
    {
        foreach (var id in state.Sessions?.Keys.Where(id => id != kept).ToList() ?? [])
        {
            End(state, id);
        }
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
