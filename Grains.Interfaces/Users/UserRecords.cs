using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Interfaces.Users;

[GenerateSerializer, Alias("GeminiClone.Users.UserTier")]
public enum UserTier
{
    Basic = 0,
    Pro = 1,
}

/// <summary>What a one-time password may be used for; an OTP issued for one purpose never satisfies the other.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.OtpPurpose")]
public enum OtpPurpose
{
    Login = 0,
    PasswordReset = 1,
}

/// <summary>The public face of a user: everything but secrets.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.UserProfile")]
public sealed record UserProfile(
    string Id,
    string MobileNumber,
    string Name,
    UserTier Tier,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <param name="MobileNumber">Already normalized to E.164 by the caller.</param>
/// <param name="Password">Plain text; the user grain hashes it and never stores or returns it.</param>
[GenerateSerializer, Alias("GeminiClone.Users.NewUser")]
public sealed record NewUser(string Name, string MobileNumber, string Password);

[GenerateSerializer, Alias("GeminiClone.Users.SignUpStatus")]
public enum SignUpStatus
{
    Registered = 0,
    MobileNumberTaken = 1,
}

[GenerateSerializer, Alias("GeminiClone.Users.SignUpResult")]
public sealed record SignUpResult(SignUpStatus Status, UserProfile? User);

[GenerateSerializer, Alias("GeminiClone.Users.OtpIssueStatus")]
public enum OtpIssueStatus
{
    Issued = 0,
    /// <summary>An OTP for the same purpose was issued less than the resend cooldown ago.</summary>
    TooSoon = 1,
    UnknownUser = 2,
    /// <summary>Verification for the number is locked after too many wrong codes; no code is issued until it opens.</summary>
    LockedOut = 3,
    /// <summary>An operator suspended the account: no code is issued.</summary>
    Suspended = 4,
}

/// <param name="Code">The plain code, returned exactly once so the gateway can deliver it; only its hash is stored.</param>
[GenerateSerializer, Alias("GeminiClone.Users.OtpIssueResult")]
public sealed record OtpIssueResult(OtpIssueStatus Status, string? Code, DateTimeOffset? ExpiresAt, TimeSpan? RetryAfter);

[GenerateSerializer, Alias("GeminiClone.Users.OtpCheck")]
public enum OtpCheck
{
    Accepted = 0,
    /// <summary>No OTP for this purpose is pending, or it has expired.</summary>
    NotPending = 1,
    Wrong = 2,
    /// <summary>This wrong guess used the last allowed attempt; the OTP is void.</summary>
    AttemptsExhausted = 3,
    UnknownUser = 4,
    /// <summary>Too many wrong tries for this number lately: no code is checked until the lock ends.</summary>
    LockedOut = 5,
    /// <summary>An operator suspended the account: no code is checked and nobody signs in.</summary>
    Suspended = 6,
}

/// <param name="TokenVersion">Goes into the token; a later password change bumps it and so revokes the token.</param>
[GenerateSerializer, Alias("GeminiClone.Users.OtpSignInResult")]
public sealed record OtpSignInResult(OtpCheck Check, UserProfile? User, int TokenVersion)
{
    /// <summary>The session this sign-in opened (null from the sign-in that predates sessions).</summary>
    [Id(3)] public SessionGrant? Session { get; init; }

    /// <summary>With <see cref="OtpCheck.LockedOut"/>: when verification opens again.</summary>
    [Id(4)] public TimeSpan? RetryAfter { get; init; }
}

[GenerateSerializer, Alias("GeminiClone.Users.PasswordChangeStatus")]
public enum PasswordChangeStatus
{
    Changed = 0,
    WrongCurrentPassword = 1,
    UnknownUser = 2,
}

[GenerateSerializer, Alias("GeminiClone.Users.PasswordChangeResult")]
public sealed record PasswordChangeResult(PasswordChangeStatus Status, int TokenVersion);

[GenerateSerializer, Alias("GeminiClone.Users.PasswordResetResult")]
public sealed record PasswordResetResult(OtpCheck Check)
{
    /// <summary>With <see cref="OtpCheck.LockedOut"/>: when verification opens again.</summary>
    [Id(1)] public TimeSpan? RetryAfter { get; init; }
}

[GenerateSerializer, Immutable, Alias("GeminiClone.Users.SlotReservation")]
public sealed record SlotReservation(bool Granted, Guid ReservationId, QuotaSnapshot Quota)
{
    /// <summary>The user's tier as the slot was held: it decides which models the turn may use.</summary>
    [Id(3)] public UserTier Tier { get; init; }

    /// <summary>
    /// Whether the caller may send at all (<see cref="IUserGrain.ReserveTurnSlotAsync"/>); anything but
    /// <see cref="CallerStatus.Valid"/> holds no slot.
    /// </summary>
    [Id(4)] public CallerStatus Caller { get; init; }

    /// <summary>
    /// The version of the owner's preferences and Gems last announced to the user's grain
    /// (<see cref="IUserGrain.PreferencesChangedAsync"/>); null when this activation has heard none.
    /// </summary>
    [Id(5)] public long? PreferencesVersion { get; init; }
}

[GenerateSerializer, Alias("GeminiClone.Users.SubscriptionStatus")]
public sealed record SubscriptionStatus(
    UserTier Tier,
    QuotaSnapshot Quota,
    SubscriptionSnapshot? Subscription,
    PaymentOutcome? LastPayment,
    DateTimeOffset? LastPaymentAt);

/// <summary>What proves that the account's owner asks to delete it: the password, or a login OTP just sent.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.AccountDeletionProof")]
public sealed record AccountDeletionProof(string? Password, string? Otp);

[GenerateSerializer, Alias("GeminiClone.Users.AccountDeletionStatus")]
public enum AccountDeletionStatus
{
    /// <summary>Everything is erased.</summary>
    Deleted = 0,
    /// <summary>Accepted and under way: the account is closed, and what is left (say, cancelling at Stripe) is retried until done.</summary>
    Pending = 1,
    WrongProof = 2,
    UnknownUser = 3,
}

[GenerateSerializer, Alias("GeminiClone.Users.AccountDeletionResult")]
public sealed record AccountDeletionResult(AccountDeletionStatus Status, OtpCheck? OtpCheck = null)
{
    /// <summary>With <see cref="OtpCheck.LockedOut"/>: when verification opens again.</summary>
    [Id(2)] public TimeSpan? RetryAfter { get; init; }
}

/// <summary>The outcome of checking a code: with <see cref="OtpCheck.LockedOut"/>, when verification opens again.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.OtpVerdict")]
public sealed record OtpVerdict(OtpCheck Check, TimeSpan? RetryAfter = null);

/// <summary>Whether an upload fits today's allowance, and what is left of it.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.UploadAllowance")]
public sealed record UploadAllowance(bool Granted, long RemainingBytes, long DailyBytes, DateTimeOffset ResetsAt)
{
    /// <summary>The largest file the plan takes.</summary>
    [Id(4)] public long MaxFileBytes { get; init; }

    /// <summary>Refused because the file is larger than <see cref="MaxFileBytes"/> (not for the day's allowance).</summary>
    [Id(5)] public bool TooLarge { get; init; }
}

/// <summary>Today's images (UTC day) against the plan's daily allowance; <paramref name="Granted"/> answers a reservation.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.ImageAllowance")]
public sealed record ImageAllowance(bool Granted, int Limit, int Used, DateTimeOffset ResetsAt)
{
    public int Remaining => Math.Max(0, Limit - Used);
}

/// <summary>What the billing account needs of the user: whether it exists (and is not being deleted), its tier and today's usage.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.UserPlan")]
public sealed record UserPlan(bool Exists, UserTier Tier, QuotaSnapshot Quota);
