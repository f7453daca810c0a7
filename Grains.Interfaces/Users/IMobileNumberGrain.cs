using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Users;

/// <summary>
/// Keyed by a normalized E.164 number; maps it to the one user who owns it. Because a grain handles one
/// call at a time, two sign-ups racing for the same number are serialized here and exactly one wins.
/// </summary>
[Alias("GeminiClone.Users.IMobileNumberGrain")]
public interface IMobileNumberGrain : IGrainWithStringKey
{
    /// <summary>Registers a new user under this number, unless someone already holds it.</summary>
    [Alias("SignUp")]
    Task<SignUpResult> SignUpAsync(string name, string password);

    [Alias("GetUserId"), ReadOnly]
    Task<string?> GetUserIdAsync();

    /// <summary>
    /// What asking for an OTP does for a number without an account: nothing is sent, but the same resend cooldown
    /// applies and the same expiry is named, so the answer is the one a registered number gets. Kept in memory only.
    /// </summary>
    [Alias("IssueOtpWithoutAccount")]
    Task<OtpIssueResult> IssueOtpWithoutAccountAsync(OtpPurpose purpose);

    /// <summary>Checks a code for a number without an account as a user's is checked: never accepted, alike otherwise.</summary>
    [Alias("VerifyOtpWithoutAccount")]
    Task<OtpVerdict> VerifyOtpWithoutAccountAsync(OtpPurpose purpose, string otp);

    /// <summary>Frees the number if <paramref name="userId"/> holds it (their account is being deleted), so it can sign up again.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string userId);
}
