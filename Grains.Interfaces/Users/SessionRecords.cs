namespace GeminiClone.Grains.Interfaces.Users;

/// <summary>Who opened or used a session, as the gateway saw them.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.SessionClient")]
public sealed record SessionClient(string? UserAgent, string? IpAddress);

/// <summary>A session as its owner lists it.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.SessionInfo")]
public sealed record SessionInfo(string Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, string? UserAgent, string? IpAddress);

/// <summary>
/// A session's refresh secret, handed out once: the grain keeps only its hash. The gateway turns it into the
/// refresh token the client holds.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Users.SessionGrant")]
public sealed record SessionGrant(string SessionId, string RefreshSecret, DateTimeOffset RefreshExpiresAt);

[GenerateSerializer, Alias("GeminiClone.Users.SessionRefreshStatus")]
public enum SessionRefreshStatus
{
    Refreshed = 0,
    /// <summary>No such session, or a secret it never had.</summary>
    Invalid = 1,
    /// <summary>A secret the session had already exchanged: someone holds a copy, so the session is ended.</summary>
    Reused = 2,
    Expired = 3,
    /// <summary>An operator suspended the account: the session stays, but gets no new tokens while it lasts.</summary>
    Suspended = 4,
}

/// <param name="TokenVersion">To stamp into the new access token.</param>
[GenerateSerializer, Alias("GeminiClone.Users.SessionRefreshResult")]
public sealed record SessionRefreshResult(SessionRefreshStatus Status, SessionGrant? Grant = null, int TokenVersion = 0);
