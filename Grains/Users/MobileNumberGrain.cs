using GeminiClone.Grains.Audit;
using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Users;

[GenerateSerializer, Alias("GeminiClone.Users.MobileNumberState")]
public sealed class MobileNumberState
{
    [Id(0)] public string? UserId { get; set; }
}

public sealed class MobileNumberGrain(
    [PersistentState("mobileNumber", StorageNames.Users)] IPersistentState<MobileNumberState> claim,
    IOptions<OtpOptions> otpOptions,
    TimeProvider clock,
    AuditTrail audit,
    ILogger<MobileNumberGrain> logger)
    : Grain, IMobileNumberGrain
{
    private readonly OtpRules _otp = new(otpOptions.Value, clock);

    /// <summary>
    /// The codes "issued" to this number while it has no account: the same rules as a user's, so the answers are the
    /// same, with codes nobody was sent. In memory only: there is no account to protect, only answers to keep alike.
    /// </summary>
    private readonly NoAccountOtps _withoutAccount = new();

    public async Task<SignUpResult> SignUpAsync(string name, string password)
    {
        if (claim.State.UserId is not null)
        {
            return new SignUpResult(SignUpStatus.MobileNumberTaken, User: null);
        }

        // The user is written before the claim: if the claim write fails, a retry makes a fresh user and the
        // orphan is unreachable, whereas the reverse order could leave a number pointing at nobody.
        var userId = Guid.CreateVersion7().ToString();
        var profile = await GrainFactory.GetGrain<IUserGrain>(userId)
            .RegisterAsync(new NewUser(name, this.GetPrimaryKeyString(), password));

        claim.State.UserId = userId;
        await claim.WriteStateAsync();
        return new SignUpResult(SignUpStatus.Registered, profile);
    }

    public Task<OtpIssueResult> IssueOtpWithoutAccountAsync(OtpPurpose purpose) =>
        Task.FromResult(_otp.Issue(_withoutAccount, purpose, withCode: false));

    public async Task<OtpVerdict> VerifyOtpWithoutAccountAsync(OtpPurpose purpose, string otp)
    {
        var (verdict, _, lockedNow) = _otp.Check(_withoutAccount, purpose, otp);
        if (verdict.Check != OtpCheck.Accepted)
        {
            SecurityEvents.OtpRejected(verdict.Check.ToString());
        }

        if (lockedNow)
        {
            var options = otpOptions.Value;
            SecurityEvents.OtpLockout(logger, this.GetPrimaryKeyString(), userId: null, options.LockoutThreshold, options.LockoutWindow,
                _withoutAccount.OtpLockedUntil ?? clock.GetUtcNow());
            // Someone guesses codes for a number with no account: no subject, the number masked.
            await audit.RecordAsync(AuditKinds.OtpLockout, AuditActors.System, subject: null,
                ("mobileNumber", MaskedNumbers.Mask(this.GetPrimaryKeyString())), ("until", _withoutAccount.OtpLockedUntil?.UtcDateTime.ToString("O")));
        }

        return verdict;
    }

    public Task<string?> GetUserIdAsync() => Task.FromResult(claim.State.UserId);

    public async Task ReleaseAsync(string userId)
    {
        if (claim.State.UserId == userId)
        {
            await claim.ClearStateAsync();
        }
    }

    private sealed class NoAccountOtps : IOtpRecord
    {
        public Dictionary<OtpPurpose, PendingOtp> PendingOtps { get; } = [];

        public List<DateTimeOffset>? OtpFailures { get; set; }

        public DateTimeOffset? OtpLockedUntil { get; set; }
    }
}
