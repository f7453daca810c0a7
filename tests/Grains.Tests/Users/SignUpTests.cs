using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;

namespace GeminiClone.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class SignUpTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Signing_up_creates_a_basic_user_under_the_number()
    {
        var number = TestMobileNumbers.NextE164();

        var result = await fixture.Grains.GetGrain<IMobileNumberGrain>(number).SignUpAsync("Asha", "correct horse");

        Assert.Equal(SignUpStatus.Registered, result.Status);
        Assert.NotNull(result.User);
        Assert.Equal(number, result.User.MobileNumber);
        Assert.Equal(UserTier.Basic, result.User.Tier);
        Assert.Equal(result.User.Id, await fixture.Grains.GetGrain<IMobileNumberGrain>(number).GetUserIdAsync());
        Assert.Equal(result.User, await fixture.Grains.GetGrain<IUserGrain>(result.User.Id).GetProfileAsync());
    }

    [Fact]
    public async Task Twenty_concurrent_sign_ups_for_one_number_register_exactly_one_user()
    {
        var number = TestMobileNumbers.NextE164();
        var grain = fixture.Grains.GetGrain<IMobileNumberGrain>(number);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => grain.SignUpAsync($"User {i}", "correct horse")));

        var winner = Assert.Single(results, r => r.Status == SignUpStatus.Registered);
        Assert.Equal(19, results.Count(r => r.Status == SignUpStatus.MobileNumberTaken));
        Assert.Equal(winner.User!.Id, await grain.GetUserIdAsync());
    }

    [Fact]
    public async Task The_number_claim_survives_deactivation()
    {
        var number = TestMobileNumbers.NextE164();
        var first = await fixture.Grains.GetGrain<IMobileNumberGrain>(number).SignUpAsync("Asha", "correct horse");

        await fixture.DeactivateAllAsync();
        var second = await fixture.Grains.GetGrain<IMobileNumberGrain>(number).SignUpAsync("Ravi", "correct horse");

        Assert.Equal(SignUpStatus.MobileNumberTaken, second.Status);
        Assert.Equal(first.User!.Id, await fixture.Grains.GetGrain<IMobileNumberGrain>(number).GetUserIdAsync());
    }

    [Fact]
    public async Task An_unregistered_user_has_no_profile_and_no_valid_token_version()
    {
        var ghost = fixture.Grains.GetGrain<IUserGrain>(Guid.NewGuid().ToString());

        Assert.Null(await ghost.GetProfileAsync());
        Assert.Null(await ghost.AuthenticateAsync(0));
        Assert.Equal(OtpIssueStatus.UnknownUser, (await ghost.IssueOtpAsync(OtpPurpose.Login)).Status);
        Assert.Equal(OtpCheck.UnknownUser, (await ghost.SignInWithOtpAsync("123456", UserFixtures.Client)).Check);
    }
}
