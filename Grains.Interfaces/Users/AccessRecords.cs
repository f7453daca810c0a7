namespace GeminiClone.Grains.Interfaces.Users;

/// <summary>What a user may do beyond using the service. Stored by number: never renumber.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.UserRole")]
public enum UserRole
{
    /// <summary>An operator: every <c>/admin</c> route.</summary>
    Admin = 0,
}

/// <summary>An operator stopped the account: when, who (a user id) and why (for operators; never shown to the user).</summary>
[GenerateSerializer, Alias("GeminiClone.Users.AccountSuspension")]
public sealed record AccountSuspension(DateTimeOffset At, string By, string Reason);

/// <summary>
/// A plan an operator gave without payment, on top of whatever Stripe says: the user is on <paramref name="Tier"/>
/// until <paramref name="Until"/> (null: until taken away), and a paid plan stays as it is throughout.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Users.ComplimentaryPlan")]
public sealed record ComplimentaryPlan(UserTier Tier, DateTimeOffset? Until, DateTimeOffset GrantedAt, string GrantedBy)
{
    public bool IsValidAt(DateTimeOffset now) => Until is null || Until > now;
}

[GenerateSerializer, Alias("GeminiClone.Users.CallerStatus")]
public enum CallerStatus
{
    /// <summary>The credential is current and the account open.</summary>
    Valid = 0,
    /// <summary>No such account, or the token's version or session is no longer current.</summary>
    Revoked = 1,
    /// <summary>The credential would be current, but an operator suspended the account.</summary>
    Suspended = 2,
}

/// <summary>
/// The user grain's answer to "may this credential call now?", asked on every authenticated request: with the
/// profile (so <c>GET /user/me</c> needs no second call) and the roles, which therefore take effect, and end, at once.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Users.CallerCheck")]
public sealed record CallerCheck(CallerStatus Status, UserProfile? Profile, IReadOnlyList<UserRole> Roles)
{
    public static CallerCheck Revoked { get; } = new(CallerStatus.Revoked, null, []);
}

/// <summary>
/// What an access token says about its holder that only the user's grain can judge: its version (a password change
/// bumps the user's) and its sign-in session (null for a token minted before sessions existed).
/// </summary>
[GenerateSerializer, Immutable, Alias("GeminiClone.Users.CallerCredential")]
public sealed record CallerCredential(int TokenVersion, string? SessionId);

/// <summary>
/// The words a refused caller reads, one for each way the user's grain refuses a credential: the gateway's token check
/// and problems and a turn's refusal within the chatroom all say them, so the same refusal reads the same wherever it
/// was found.
/// </summary>
public static class CallerRefusals
{
    public const string Revoked = "The token has been revoked; sign in again.";
    public const string Suspended = "This account is suspended; contact support.";
}
