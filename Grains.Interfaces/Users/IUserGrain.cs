using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Users;

/// <summary>
/// One user, keyed by an opaque user id: profile, password hash, OTPs, sessions and the token version; the tier with
/// the daily quotas (messages and attachments); the chatroom list; account deletion. Billing is the user's
/// <see cref="IBillingAccountGrain"/>.
/// </summary>
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

    [Alias("SignInWithOtp"), Obsolete("Kept for gateways of the previous release; remove after 2027-03-01.")]
    Task<OtpSignInResult> SignInWithOtpAsync(string otp);

    /// <summary>Signs in and opens a session, whose refresh secret the result carries.</summary>
    [Alias("SignInWithOtpForSession")]
    Task<OtpSignInResult> SignInWithOtpAsync(string otp, SessionClient client);

    /// <summary>
    /// Opens a session for a sign-in that another grain has already verified (a passkey assertion). Only the gateway's
    /// passkey ceremony calls it, after the credential's signature checked out.
    /// </summary>
    [Alias("SignInWithVerifiedCredential")]
    Task<OtpSignInResult> SignInWithVerifiedCredentialAsync(SessionClient client);

    /// <summary>
    /// Exchanges a session's current refresh secret for a new one (rotation). A secret the session already exchanged
    /// ends the session: two holders of one refresh token means one of them stole it.
    /// </summary>
    [Alias("RefreshSession")]
    Task<SessionRefreshResult> RefreshSessionAsync(string sessionId, string refreshSecret, SessionClient client);

    [Alias("GetSessions"), ReadOnly]
    Task<IReadOnlyList<SessionInfo>> GetSessionsAsync();

    /// <summary>Ends a session: its refresh token stops working, and so do its access tokens, at once. False if there was none.</summary>
    [Alias("EndSession")]
    Task<bool> EndSessionAsync(string sessionId);

    /// <summary>Completes forgot-password: a reset OTP and a new password. Revokes every earlier token.</summary>
    [Alias("ResetPassword")]
    Task<PasswordResetResult> ResetPasswordAsync(string otp, string newPassword);

    /// <summary>Revokes every earlier token; the result carries the new token version.</summary>
    [Alias("ChangePassword"), Obsolete("Kept for gateways of the previous release; remove after 2027-03-01.")]
    Task<PasswordChangeResult> ChangePasswordAsync(string currentPassword, string newPassword);

    /// <summary>The same, and every session but <paramref name="keptSessionId"/> (the caller's) ends.</summary>
    [Alias("ChangePasswordKeepingSession")]
    Task<PasswordChangeResult> ChangePasswordAsync(string currentPassword, string newPassword, string? keptSessionId);

    /// <summary>
    /// Asked on every authenticated request: the user's profile if a token of this version is still valid, else
    /// null. It reads memory only, so it interleaves with everything; returning the profile saves
    /// <c>GET /user/me</c> a second call.
    /// </summary>
    [Alias("Authenticate"), ReadOnly, AlwaysInterleave]
    Task<UserProfile?> AuthenticateAsync(int tokenVersion);

    /// <summary>The same for a token of a session: also null once that session has ended or expired.</summary>
    [Alias("AuthenticateSession"), ReadOnly, AlwaysInterleave]
    Task<UserProfile?> AuthenticateAsync(int tokenVersion, string sessionId);

    /// <summary>
    /// Asked on every request with an access token: <see cref="CallerStatus.Valid"/> with the profile and roles while
    /// the token's version (and session, when it has one) is current, <see cref="CallerStatus.Suspended"/> when it
    /// would be but an operator suspended the account. Reads memory only (it notes the activity there).
    /// </summary>
    [Alias("CheckToken"), ReadOnly, AlwaysInterleave]
    Task<CallerCheck> CheckTokenAsync(int tokenVersion, string? sessionId);

    /// <summary>The same for the owner of an API key the key's grain has already matched.</summary>
    [Alias("CheckKeyOwner"), ReadOnly, AlwaysInterleave]
    Task<CallerCheck> CheckKeyOwnerAsync();

    /// <summary>Holds one of today's message slots for a turn in flight; refused when the day's quota is used up.</summary>
    [Alias("ReserveMessageSlot"), Obsolete("Kept for chatrooms of the previous release; remove after 2027-03-01.")]
    Task<SlotReservation> ReserveMessageSlotAsync();

    /// <summary>
    /// The turn's one call before Gemini is asked: checks the sender's access token as <see cref="CheckTokenAsync"/>
    /// does, when the gateway left that to the turn (<paramref name="caller"/>; null: checked already), and the
    /// account's suspension, then holds one of today's message slots. A caller that may not send holds none
    /// (<see cref="SlotReservation.Caller"/>).
    /// </summary>
    [Alias("ReserveTurnSlot")]
    Task<SlotReservation> ReserveTurnSlotAsync(CallerCredential? caller);

    /// <summary>
    /// The user's preferences grain announces the version its preferences and Gems are about to have, before it
    /// stores a change; the user's slots carry the last one (<see cref="SlotReservation.PreferencesVersion"/>), so a
    /// chatroom learns with its slot whether the preferences it kept are still current. Kept in memory only.
    /// </summary>
    [Alias("PreferencesChanged"), AlwaysInterleave]
    Task PreferencesChangedAsync(long version);

    /// <summary>Counts the held slot as used and moves the chatroom to the top of the user's list.</summary>
    [Alias("CompleteMessage"), Obsolete("Kept for gateways of the previous release; remove after 2027-03-01.")]
    Task<QuotaSnapshot> CompleteMessageAsync(Guid reservationId, ChatroomSummary activity);

    /// <summary>The same, adding the turn's tokens to today's totals.</summary>
    [Alias("CompleteTurn")]
    Task<QuotaSnapshot> CompleteMessageAsync(Guid reservationId, ChatroomSummary activity, TokenUsage? usage);

    /// <summary>Gives back a held slot: a turn that failed costs nothing.</summary>
    [Alias("ReleaseMessageSlot")]
    Task<QuotaSnapshot> ReleaseMessageSlotAsync(Guid reservationId);

    /// <summary>
    /// The tier and today's usage with the billing account's subscription and last payment. Turns ask it for the
    /// quota; everything else asks <see cref="IBillingAccountGrain"/>, which owns the subscription.
    /// </summary>
    [Alias("GetSubscriptionStatus"), ReadOnly]
    Task<SubscriptionStatus> GetSubscriptionStatusAsync();

    /// <summary>Whether the user exists, its tier and today's usage: what the billing account asks. Reads memory only.</summary>
    [Alias("GetPlan"), ReadOnly, AlwaysInterleave]
    Task<UserPlan> GetPlanAsync();

    /// <summary>The tier a subscription change results in; only the user's billing account calls this.</summary>
    [Alias("ApplyTier")]
    Task ApplyTierAsync(UserTier tier);

    /// <summary>
    /// The billing fields stored in the user's record before billing accounts existed (null once handed over or if
    /// there never were any), for <see cref="IBillingAccountGrain"/> to take over when it finds no state of its own.
    /// </summary>
    [Alias("GetBillingToHandOver"), ReadOnly, AlwaysInterleave]
    Task<BillingAccount?> GetBillingToHandOverAsync();

    /// <summary>The billing account has stored what <see cref="GetBillingToHandOverAsync"/> gave it: the user's copy goes.</summary>
    [Alias("BillingHandedOver"), OneWay]
    Task BillingHandedOverAsync();

    /// <summary>Adds a new chatroom to the user's list, unless the list is full.</summary>
    [Alias("AddChatroom")]
    Task<bool> AddChatroomAsync(ChatroomSummary chatroom);

    [Alias("UpdateChatroom")]
    Task UpdateChatroomAsync(ChatroomSummary chatroom);

    [Alias("RemoveChatroom")]
    Task RemoveChatroomAsync(string chatroomId);

    /// <summary>
    /// Counts an upload of <paramref name="bytes"/> against today's allowance for attachments (UTC day, by plan),
    /// or refuses it when it would go over or the file is larger than the plan allows. Asked before the bytes are stored.
    /// </summary>
    [Alias("ReserveUpload")]
    Task<UploadAllowance> ReserveUploadAsync(long bytes);

    /// <summary>Gives back an upload counted by <see cref="ReserveUploadAsync"/> that was not stored after all.</summary>
    [Alias("ReleaseUpload")]
    Task ReleaseUploadAsync(long bytes);

    /// <summary>
    /// Counts <paramref name="count"/> images a turn may make against today's image allowance (UTC day, by plan),
    /// before Gemini is asked; refused (nothing counted) when fewer than that are left.
    /// </summary>
    [Alias("ReserveImages")]
    Task<ImageAllowance> ReserveImagesAsync(int count);

    /// <summary>
    /// Settles a reservation of <paramref name="reserved"/> images by the <paramref name="made"/> the turn really made:
    /// what was not made is given back, more than reserved is counted (a turn may draw several).
    /// </summary>
    [Alias("SettleImages")]
    Task<ImageAllowance> SettleImagesAsync(int reserved, int made);

    /// <summary>Today's images: made (and held by turns still running) against the plan's allowance. Reads memory only.</summary>
    [Alias("GetImageAllowance"), ReadOnly, AlwaysInterleave]
    Task<ImageAllowance> GetImageAllowanceAsync();

    /// <summary>What is left of today's allowance for attachments, and the plan's largest file.</summary>
    [Alias("GetUploadAllowance"), ReadOnly, AlwaysInterleave]
    Task<UploadAllowance> GetUploadAllowanceAsync();

    /// <summary>The user's chatrooms, latest activity first: the cache the original kept in Redis.</summary>
    [Alias("GetChatrooms"), ReadOnly]
    Task<IReadOnlyList<ChatroomSummary>> GetChatroomsAsync();

    /// <summary>Those of <paramref name="chatroomIds"/> the user has, in the order asked; the others are left out.</summary>
    [Alias("GetChatroomsById"), ReadOnly]
    Task<IReadOnlyList<ChatroomSummary>> GetChatroomsAsync(IReadOnlyList<string> chatroomIds);

    /// <summary>The user's chatrooms as <c>GET /chatroom</c> lists them: pinned first, filtered, a page at a time.</summary>
    [Alias("ListChatrooms"), ReadOnly]
    Task<ChatroomListPage> ListChatroomsAsync(ChatroomListQuery query);

    /// <summary>
    /// How many of the user's chatrooms name each folder (as stored). It only reads (the list, from its store the first
    /// time an activation needs it), so it interleaves.
    /// </summary>
    [Alias("CountChatroomsByFolder"), ReadOnly, AlwaysInterleave]
    Task<Dictionary<string, int>> CountChatroomsByFolderAsync();

    /// <summary>
    /// The ids of the user's chatrooms that name <paramref name="folderId"/>. It only reads (the list, from its store the
    /// first time an activation needs it), so it interleaves.
    /// </summary>
    [Alias("GetChatroomsInFolder"), ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<string>> GetChatroomsInFolderAsync(string folderId);

    /// <summary>Forwarded to <see cref="IBillingAccountGrain.StartProCheckoutAsync"/>.</summary>
    [Alias("StartProCheckout"), AlwaysInterleave, ResponseTimeout("00:00:30"), Obsolete("Kept for gateways of the previous release; remove after 2027-03-01.")]
    Task<CheckoutResult> StartProCheckoutAsync();

    /// <summary>Forwarded to <see cref="IBillingAccountGrain.ApplySubscriptionAsync"/> (silos of the previous release call it).</summary>
    [Alias("ApplySubscription"), Obsolete("Kept for gateways of the previous release; remove after 2027-03-01.")]
    Task ApplySubscriptionAsync(SubscriptionSnapshot subscription);

    /// <summary>
    /// Deletes the account and everything of it: tokens and sessions at once, then an active subscription cancelled
    /// at Stripe, every chatroom with its history, the number's mapping (it can sign up again) and the user itself.
    /// Work an outage interrupts is finished by a durable reminder (or by asking again); never half done.
    /// </summary>
    [Alias("DeleteAccount"), ResponseTimeout("00:01:00")]
    Task<AccountDeletionResult> DeleteAccountAsync(AccountDeletionProof proof);

    /// <summary>Forwarded to <see cref="IBillingAccountGrain.RecordPaymentAsync"/> (silos of the previous release call it).</summary>
    [Alias("RecordPayment"), Obsolete("Kept for gateways of the previous release; remove after 2027-03-01.")]
    Task RecordPaymentAsync(PaymentOutcome outcome, DateTimeOffset at);
}
