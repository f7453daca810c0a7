using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

[GenerateSerializer, Alias("GeminiClone.Users.UserState")]
public sealed class UserState : IOtpRecord
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string MobileNumber { get; set; } = "";
    [Id(2)] public string PasswordHash { get; set; } = "";
    /// <summary>The plan in force: Pro while a paid subscription or a valid <see cref="ComplimentaryPlan"/> grants it.</summary>
    [Id(3)] public UserTier Tier { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Stamped into every token; bumping it revokes all tokens minted before.</summary>
    [Id(6)] public int TokenVersion { get; set; }
    [Id(7)] public Dictionary<OtpPurpose, PendingOtp> PendingOtps { get; set; } = [];
    /// <summary>The UTC day <see cref="MessagesUsedToday"/> counts.</summary>
    [Id(8)] public DateOnly UsageDay { get; set; }
    [Id(9)] public int MessagesUsedToday { get; set; }
    /// <summary>
    /// The chatroom list as releases before 2026-12-06 stored it, inside the user's state. The list is a row per
    /// chatroom beside the state now (<see cref="IChatroomListStore"/>): the grain moves what it finds here to the
    /// rows when it activates and leaves this empty (<see cref="OwnedChatrooms.MoveLegacyListAsync"/>).
    /// </summary>
    [Id(10)] public Dictionary<string, ChatroomSummary> Chatrooms { get; set; } = [];
    // 11-14: billing as records written before billing accounts hold it. The user's IBillingAccountGrain takes
    // them over the first time it finds no state of its own, and then they are cleared here; never read otherwise.
    [Id(11)] public string? StripeCustomerId { get; set; }
    [Id(12)] public SubscriptionSnapshot? Subscription { get; set; }
    [Id(13)] public PaymentOutcome? LastPayment { get; set; }
    [Id(14)] public DateTimeOffset? LastPaymentAt { get; set; }
    /// <summary>Gemini's tokens for the user's turns on <see cref="UsageDay"/>.</summary>
    [Id(15)] public TokenTotals? TokensToday { get; set; }
    /// <summary>Open sign-in sessions by id; null for users stored before sessions existed.</summary>
    [Id(16)] public Dictionary<string, UserSession>? Sessions { get; set; }
    /// <summary>Set when the owner asked to delete the account: it is closed, and erased as soon as it can be.</summary>
    [Id(17)] public DateTimeOffset? DeletionRequestedAt { get; set; }
    /// <summary>The UTC day <see cref="UploadedBytes"/> counts; null before the first upload.</summary>
    [Id(18)] public DateOnly? UploadDay { get; set; }
    /// <summary>Bytes of attachments uploaded on <see cref="UploadDay"/>, against the plan's daily allowance.</summary>
    [Id(19)] public long UploadedBytes { get; set; }
    /// <summary>When recent wrong OTPs were tried, oldest first, within the lockout window; null when there were none.</summary>
    [Id(20)] public List<DateTimeOffset>? OtpFailures { get; set; }
    /// <summary>While set and in the future, no OTP is checked for this user's number.</summary>
    [Id(21)] public DateTimeOffset? OtpLockedUntil { get; set; }
    /// <summary>The UTC day <see cref="ImagesMade"/> counts; null before the first image.</summary>
    [Id(22)] public DateOnly? ImageDay { get; set; }
    /// <summary>Images made (or reserved by turns still running) on <see cref="ImageDay"/>, against the plan's daily allowance.</summary>
    [Id(23)] public int ImagesMade { get; set; }
    /// <summary>What the user may do beyond using the service; null for none.</summary>
    [Id(26)] public List<UserRole>? Roles { get; set; }
    /// <summary>Set while an operator has the account suspended: every credential and sign-in is refused.</summary>
    [Id(27)] public AccountSuspension? Suspension { get; set; }
    /// <summary>
    /// A plan an operator gave without payment. <see cref="Tier"/> is the plan the user has: Pro while Stripe says
    /// so or this plan is valid; Basic otherwise.
    /// </summary>
    [Id(28)] public ComplimentaryPlan? ComplimentaryPlan { get; set; }
    /// <summary>When the user last made a request or signed in, stored to within an hour (the grain notes it in memory).</summary>
    [Id(29)] public DateTimeOffset? LastActiveAt { get; set; }

    public UserProfile ToProfile(string id) => new(id, MobileNumber, Name, Tier, CreatedAt, UpdatedAt);
}

/// <summary>An issued, unused OTP. Only a salted hash of the code is kept.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.PendingOtp")]
public sealed record PendingOtp(byte[] Salt, byte[] Hash, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, int FailedAttempts);
