using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Users;

public sealed class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserState> user,
    IPasswordHasher<UserState> passwordHasher,
    IOptions<OtpOptions> otpOptions,
    TimeProvider clock)
    : Grain, IUserGrain
{
    private readonly OtpOptions _otp = otpOptions.Value;

    private string Id => this.GetPrimaryKeyString();
    private bool Exists => user.RecordExists;
    private UserState State => user.State;

    public async Task<UserProfile> RegisterAsync(NewUser newUser)
    {
        if (Exists)
        {
            throw new InvalidOperationException($"User {Id} is already registered.");
        }

        var now = clock.GetUtcNow();
        State.Name = newUser.Name;
        State.MobileNumber = newUser.MobileNumber;
        State.PasswordHash = passwordHasher.HashPassword(State, newUser.Password);
        State.Tier = UserTier.Basic;
        State.CreatedAt = now;
        State.UpdatedAt = now;
        await user.WriteStateAsync();
        return State.ToProfile(Id);
    }

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(Exists ? State.ToProfile(Id) : null);

    public Task<bool> IsTokenVersionCurrentAsync(int tokenVersion) =>
        Task.FromResult(Exists && State.TokenVersion == tokenVersion);

    public async Task<OtpIssueResult> IssueOtpAsync(OtpPurpose purpose)
    {
        if (!Exists)
        {
            return new OtpIssueResult(OtpIssueStatus.UnknownUser, null, null, null);
        }

        var now = clock.GetUtcNow();
        if (State.PendingOtps.TryGetValue(purpose, out var previous))
        {
            var resendAt = previous.IssuedAt + _otp.ResendCooldown;
            if (now < resendAt)
            {
                return new OtpIssueResult(OtpIssueStatus.TooSoon, null, null, resendAt - now);
            }
        }

        var code = OneTimePassword.NewCode();
        var pending = OneTimePassword.Issue(code, now, _otp.Lifetime);
        State.PendingOtps[purpose] = pending;
        await user.WriteStateAsync();
        return new OtpIssueResult(OtpIssueStatus.Issued, code, pending.ExpiresAt, null);
    }

    public async Task<OtpSignInResult> SignInWithOtpAsync(string otp)
    {
        var check = await ConsumeOtpAsync(OtpPurpose.Login, otp);
        return check == OtpCheck.Accepted
            ? new OtpSignInResult(check, State.ToProfile(Id), State.TokenVersion)
            : new OtpSignInResult(check, null, 0);
    }

    public async Task<PasswordResetResult> ResetPasswordAsync(string otp, string newPassword)
    {
        var check = await ConsumeOtpAsync(OtpPurpose.PasswordReset, otp);
        if (check == OtpCheck.Accepted)
        {
            await SetPasswordAsync(newPassword);
        }

        return new PasswordResetResult(check);
    }

    public async Task<PasswordChangeResult> ChangePasswordAsync(string currentPassword, string newPassword)
    {
        if (!Exists)
        {
            return new PasswordChangeResult(PasswordChangeStatus.UnknownUser, 0);
        }

        if (passwordHasher.VerifyHashedPassword(State, State.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return new PasswordChangeResult(PasswordChangeStatus.WrongCurrentPassword, 0);
        }

        await SetPasswordAsync(newPassword);
        return new PasswordChangeResult(PasswordChangeStatus.Changed, State.TokenVersion);
    }

    /// <summary>A new password revokes every token minted before it, and any pending reset code.</summary>
    private Task SetPasswordAsync(string newPassword)
    {
        State.PasswordHash = passwordHasher.HashPassword(State, newPassword);
        State.TokenVersion++;
        State.PendingOtps.Remove(OtpPurpose.PasswordReset);
        State.UpdatedAt = clock.GetUtcNow();
        return user.WriteStateAsync();
    }

    /// <summary>
    /// Checks a code against the pending OTP of one purpose. A match uses it up; a miss counts against it and the
    /// last allowed miss voids it. A void OTP stays on record until it expires so that the resend cooldown still
    /// paces a guesser. Every outcome that changes the record is written before we answer, so a restart or a move
    /// to another silo cannot hand out fresh attempts.
    /// </summary>
    private async Task<OtpCheck> ConsumeOtpAsync(OtpPurpose purpose, string candidate)
    {
        if (!Exists)
        {
            return OtpCheck.UnknownUser;
        }

        if (!State.PendingOtps.TryGetValue(purpose, out var pending))
        {
            return OtpCheck.NotPending;
        }

        if (clock.GetUtcNow() >= pending.ExpiresAt)
        {
            State.PendingOtps.Remove(purpose);
            await user.WriteStateAsync();
            return OtpCheck.NotPending;
        }

        if (pending.FailedAttempts >= _otp.MaxFailedAttempts)
        {
            return OtpCheck.AttemptsExhausted;
        }

        OtpCheck check;
        if (OneTimePassword.Matches(pending, candidate))
        {
            State.PendingOtps.Remove(purpose);
            check = OtpCheck.Accepted;
        }
        else
        {
            var failed = pending.FailedAttempts + 1;
            State.PendingOtps[purpose] = pending with { FailedAttempts = failed };
            check = failed >= _otp.MaxFailedAttempts ? OtpCheck.AttemptsExhausted : OtpCheck.Wrong;
        }

        await user.WriteStateAsync();
        return check;
    }
}
