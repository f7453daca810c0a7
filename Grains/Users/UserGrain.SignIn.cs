using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Identity;

namespace GeminiClone.Grains.Users;

/// <summary>
/// Signing in: tokens checked on every request (as the previous release asks; this one asks
/// <c>UserGrain.Access.cs</c>), OTPs, sign-in with a code or a verified credential (each opens a session, whose rules
/// are <see cref="Sessions"/>), passwords. A suspended account gets no code, no session and no new token; each
/// sign-in, password change or reset and session end is audited.
/// </summary>
public sealed partial class UserGrain
{
    public Task<UserProfile?> AuthenticateAsync(int tokenVersion) =>
        Task.FromResult(Exists && !IsSuspended && State.TokenVersion == tokenVersion ? State.ToProfile(Id) : null);

    public Task<UserProfile?> AuthenticateAsync(int tokenVersion, string sessionId) => Task.FromResult(
        Exists && !IsSuspended && State.TokenVersion == tokenVersion && _sessions.IsActive(sessionId) ? State.ToProfile(Id) : null);

    public async Task<OtpSignInResult> SignInWithOtpAsync(string otp, SessionClient client)
    {
        SessionGrant? session = null;
        var activityNoted = false;
        var verdict = await ConsumeOtpAsync(OtpPurpose.Login, otp, onAccepted: () =>
        {
            session = _sessions.Open(client);
            activityNoted = NoteActivityInWrite();
        });
        security.Metrics.SignIn("otp", verdict.Check);
        if (verdict.Check != OtpCheck.Accepted)
        {
            return new OtpSignInResult(verdict.Check, null, 0) { RetryAfter = verdict.RetryAfter };
        }

        await SignedInAsync("otp", activityNoted);
        return new OtpSignInResult(verdict.Check, State.ToProfile(Id), State.TokenVersion) { Session = session };
    }

    public async Task<OtpSignInResult> SignInWithVerifiedCredentialAsync(SessionClient client)
    {
        if (!Exists || IsSuspended)
        {
            var refused = Exists ? OtpCheck.Suspended : OtpCheck.UnknownUser;
            security.Metrics.SignIn("passkey", refused);
            return new OtpSignInResult(refused, null, 0);
        }

        var session = _sessions.Open(client);
        var activityNoted = NoteActivityInWrite();
        await user.WriteStateAsync();
        security.Metrics.SignIn("passkey", OtpCheck.Accepted);
        await SignedInAsync("passkey", activityNoted);
        return new OtpSignInResult(OtpCheck.Accepted, State.ToProfile(Id), State.TokenVersion) { Session = session };
    }

    public async Task<SessionRefreshResult> RefreshSessionAsync(string sessionId, string refreshSecret, SessionClient client)
    {
        if (!Exists)
        {
            return new SessionRefreshResult(SessionRefreshStatus.Invalid);
        }

        if (IsSuspended)
        {
            return new SessionRefreshResult(SessionRefreshStatus.Suspended);
        }

        var result = await _sessions.RefreshAsync(sessionId, refreshSecret, client);
        if (result.Status == SessionRefreshStatus.Reused)
        {
            await account.Audit.RecordAsync(AuditKinds.SessionEnded, Id, Id, ("session", sessionId), ("reason", "refresh_token_reused"));
        }

        return result;
    }

    public Task<IReadOnlyList<SessionInfo>> GetSessionsAsync() => Task.FromResult(Exists ? _sessions.List() : []);

    public async Task<bool> EndSessionAsync(string sessionId)
    {
        if (!Exists || !await _sessions.EndAsync(sessionId))
        {
            return false;
        }

        await account.Audit.RecordAsync(AuditKinds.SessionEnded, Id, Id, ("session", sessionId), ("reason", "ended"));
        return true;
    }

    public async Task<OtpIssueResult> IssueOtpAsync(OtpPurpose purpose)
    {
        if (!Exists)
        {
            return new OtpIssueResult(OtpIssueStatus.UnknownUser, null, null, null);
        }

        if (IsSuspended)
        {
            return new OtpIssueResult(OtpIssueStatus.Suspended, null, null, null);
        }

        var issued = _otp.Issue(State, purpose);
        if (issued.Status == OtpIssueStatus.Issued)
        {
            await user.WriteStateAsync();
        }

        return issued;
    }


    public async Task<PasswordResetResult> ResetPasswordAsync(string otp, string newPassword)
    {
        var verdict = await ConsumeOtpAsync(OtpPurpose.PasswordReset, otp);
        if (verdict.Check == OtpCheck.Accepted)
        {
            await SetPasswordAsync(newPassword, keptSessionId: null);
            await account.Audit.RecordAsync(AuditKinds.PasswordReset, Id, Id);
        }

        return new PasswordResetResult(verdict.Check) { RetryAfter = verdict.RetryAfter };
    }

    public async Task<PasswordChangeResult> ChangePasswordAsync(string currentPassword, string newPassword, string? keptSessionId)
    {
        if (!Exists)
        {
            return new PasswordChangeResult(PasswordChangeStatus.UnknownUser, 0);
        }

        if (security.Passwords.VerifyHashedPassword(State, State.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return new PasswordChangeResult(PasswordChangeStatus.WrongCurrentPassword, 0);
        }

        await SetPasswordAsync(newPassword, keptSessionId);
        await account.Audit.RecordAsync(AuditKinds.PasswordChanged, Id, Id);
        return new PasswordChangeResult(PasswordChangeStatus.Changed, State.TokenVersion);
    }

    /// <summary>
    /// A new password revokes every token minted before it, any pending reset code, and every session but the one
    /// that changed it (none for a reset: whoever had the old password may hold a session).
    /// </summary>
    private Task SetPasswordAsync(string newPassword, string? keptSessionId)
    {
        State.PasswordHash = security.Passwords.HashPassword(State, newPassword);
        State.TokenVersion++;
        _sessions.EndAllBut(keptSessionId);
        State.PendingOtps.Remove(OtpPurpose.PasswordReset);
        State.UpdatedAt = clock.GetUtcNow();
        return user.WriteStateAsync();
    }

    /// <summary>
    /// Checks a code by <see cref="OtpRules"/>. Every outcome that changes the record is written before we answer,
    /// so a restart or a move to another silo cannot hand out fresh attempts or lift a lock.
    /// </summary>
    /// <param name="onAccepted">Changes that go with an accepted code, stored in the same write.</param>
    private async Task<OtpVerdict> ConsumeOtpAsync(OtpPurpose purpose, string candidate, Action? onAccepted = null)
    {
        if (!Exists)
        {
            return new OtpVerdict(OtpCheck.UnknownUser);
        }

        if (IsSuspended)
        {
            return new OtpVerdict(OtpCheck.Suspended);
        }

        var (verdict, changed, lockedNow) = _otp.Check(State, purpose, candidate);
        if (verdict.Check == OtpCheck.Accepted)
        {
            onAccepted?.Invoke();
        }
        else
        {
            SecurityEvents.OtpRejected(verdict.Check.ToString());
        }

        if (changed)
        {
            await user.WriteStateAsync();
        }

        if (lockedNow)
        {
            SecurityEvents.OtpLockout(logger, State.MobileNumber, Id, security.Otp.LockoutThreshold, security.Otp.LockoutWindow,
                State.OtpLockedUntil ?? clock.GetUtcNow());
            await account.Audit.RecordAsync(AuditKinds.OtpLockout, AuditActors.System, Id, ("until", State.OtpLockedUntil?.UtcDateTime.ToString("O")));
        }

        return verdict;
    }

    /// <summary>What follows a sign-in that was stored: the directory's last activity, the role of a listed number, the audit.</summary>
    private async Task SignedInAsync(string method, bool activityNoted)
    {
        if (activityNoted)
        {
            await WriteDirectoryRowAsync();
        }

        await GrantListedAdminAsync();
        await account.Audit.RecordAsync(AuditKinds.SignIn, Id, Id, ("method", method));
    }
}
