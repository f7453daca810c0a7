using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
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
    TimeProvider clock)
    : Grain, IMobileNumberGrain
{
    /// <summary>When a code was last asked for without an account, by purpose: paces the answers as a user's codes are paced.</summary>
    private readonly Dictionary<OtpPurpose, DateTimeOffset> _askedWithoutAccount = [];

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

    public Task<OtpIssueResult> IssueOtpWithoutAccountAsync(OtpPurpose purpose)
    {
        var now = clock.GetUtcNow();
        var options = otpOptions.Value;
        if (_askedWithoutAccount.TryGetValue(purpose, out var asked) && now < asked + options.ResendCooldown)
        {
            return Task.FromResult(new OtpIssueResult(OtpIssueStatus.TooSoon, null, null, asked + options.ResendCooldown - now));
        }

        _askedWithoutAccount[purpose] = now;
        return Task.FromResult(new OtpIssueResult(OtpIssueStatus.Issued, Code: null, now + options.Lifetime, null));
    }

    public Task<string?> GetUserIdAsync() => Task.FromResult(claim.State.UserId);

    public async Task ReleaseAsync(string userId)
    {
        if (claim.State.UserId == userId)
        {
            await claim.ClearStateAsync();
        }
    }
}
