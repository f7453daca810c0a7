using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Users;

/// <summary>One user, keyed by an opaque user id: profile, password hash, tier, OTPs and the token version.</summary>
[Alias("GeminiClone.Users.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user. Only <see cref="IMobileNumberGrain"/> calls this, after claiming the number.</summary>
    [Alias("Register")]
    Task<UserProfile> RegisterAsync(NewUser user);

    [Alias("GetProfile"), ReadOnly]
    Task<UserProfile?> GetProfileAsync();

    [Alias("IssueOtp")]
    Task<OtpIssueResult> IssueOtpAsync(OtpPurpose purpose);

    [Alias("SignInWithOtp")]
    Task<OtpSignInResult> SignInWithOtpAsync(string otp);

    /// <summary>Completes forgot-password: a reset OTP and a new password. Revokes every earlier token.</summary>
    [Alias("ResetPassword")]
    Task<PasswordResetResult> ResetPasswordAsync(string otp, string newPassword);

    /// <summary>Revokes every earlier token; the result carries the new token version.</summary>
    [Alias("ChangePassword")]
    Task<PasswordChangeResult> ChangePasswordAsync(string currentPassword, string newPassword);

    /// <summary>Asked on every authenticated request; it reads memory only, so it interleaves with everything.</summary>
    [Alias("IsTokenVersionCurrent"), ReadOnly, AlwaysInterleave]
    Task<bool> IsTokenVersionCurrentAsync(int tokenVersion);
}
