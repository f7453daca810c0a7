using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Auth;

/// <summary>
/// A refresh token names its user and session and carries the session's current secret:
/// <c>&lt;userId&gt;.&lt;sessionId&gt;.&lt;secret&gt;</c>. Opaque to clients; the user's grain keeps only the secret's hash.
/// </summary>
public static class RefreshTokens
{
    public const int MaxLength = 200;

    public static string Format(string userId, SessionGrant grant) => $"{userId}.{grant.SessionId}.{grant.RefreshSecret}";

    public static bool TryParse(string token, out string userId, out string sessionId, out string secret)
    {
        (userId, sessionId, secret) = ("", "", "");
        if (token.Split('.') is not [var user, var session, var value]
            || !Guid.TryParseExact(user, "D", out _) || !Guid.TryParseExact(session, "N", out _) || value.Length == 0)
        {
            return false;
        }

        (userId, sessionId, secret) = (user, session, value);
        return true;
    }
}
