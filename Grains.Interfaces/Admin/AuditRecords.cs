namespace GeminiClone.Grains.Interfaces.Admin;

/// <summary>
/// One event of the audit log: an operator's action or a security event. <see cref="Details"/> holds a few safe
/// facts (a method, an id, a tier), never a code, password, token, refresh secret, API key or message text.
/// </summary>
/// <param name="Actor">The user id that acted, or <see cref="AuditActors.System"/>.</param>
/// <param name="Subject">The user id the event is about.</param>
/// <param name="IpAddress">The client's address as the gateway saw it; null for the system's own work.</param>
[GenerateSerializer, Alias("GeminiClone.Admin.AuditEntry")]
public sealed record AuditEntry(
    DateTimeOffset At, string Kind, string Actor, string? Subject, string? IpAddress, IReadOnlyDictionary<string, string> Details);

/// <summary>An entry as stored: <paramref name="Sequence"/> increases strictly in the order entries were appended.</summary>
[GenerateSerializer, Alias("GeminiClone.Admin.AuditRecord")]
public sealed record AuditRecord(long Sequence, AuditEntry Entry);

public static class AuditActors
{
    /// <summary>The service itself: a plan that ended on its own, a lock after wrong codes, a role from configuration.</summary>
    public const string System = "system";
}

/// <summary>The kinds of audit events, as stored and as <c>GET /admin/audit</c> shows them.</summary>
public static class AuditKinds
{
    public const string SignIn = "sign_in";
    public const string OtpLockout = "otp_lockout";
    public const string PasswordChanged = "password_changed";
    public const string PasswordReset = "password_reset";
    public const string SessionEnded = "session_ended";
    public const string PasskeyAdded = "passkey_added";
    public const string PasskeyRemoved = "passkey_removed";
    public const string ApiKeyAdded = "api_key_added";
    public const string ApiKeyRemoved = "api_key_removed";
    public const string AccountDeleted = "account_deleted";
    public const string UserSuspended = "user_suspended";
    public const string UserUnsuspended = "user_unsuspended";
    public const string RoleGranted = "role_granted";
    public const string RoleRevoked = "role_revoked";
    public const string PlanChanged = "plan_changed";
    public const string PlanEnded = "plan_ended";

    public static IReadOnlyList<string> All { get; } =
    [
        SignIn, OtpLockout, PasswordChanged, PasswordReset, SessionEnded, PasskeyAdded, PasskeyRemoved, ApiKeyAdded,
        ApiKeyRemoved, AccountDeleted, UserSuspended, UserUnsuspended, RoleGranted, RoleRevoked, PlanChanged, PlanEnded,
    ];
}

/// <summary>Reads the audit log for <c>GET /admin/audit</c>. No state: every silo runs it locally.</summary>
[Alias("GeminiClone.Admin.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    /// <summary>Up to <paramref name="limit"/> entries with a sequence above <paramref name="after"/>, oldest first.</summary>
    [Alias("Read"), Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<AuditRecord>> ReadAsync(long after, int limit);
}
