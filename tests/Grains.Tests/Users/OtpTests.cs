using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;

namespace GeminiClone.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class OtpTests(ClusterFixture fixture)
{
    private static Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => ClusterFixture.Clock;

    [Fact]
    public async Task An_issued_code_has_six_digits_and_expires_in_five_minutes()
    {
        var user = await fixture.NewUserAsync();

        var issued = await user.IssueOtpAsync(OtpPurpose.Login);

        Assert.Matches("^[0-9]{6}$", issued.Code);
        Assert.Equal(Clock.GetUtcNow() + TimeSpan.FromMinutes(5), issued.ExpiresAt);
    }

    [Fact]
    public async Task A_correct_code_signs_in_once_and_cannot_be_reused()
    {
        var user = await fixture.NewUserAsync();
        var code = await user.IssueCodeAsync(OtpPurpose.Login);

        var first = await user.SignInWithOtpAsync(code, UserFixtures.Client);
        var second = await user.SignInWithOtpAsync(code, UserFixtures.Client);

        Assert.Equal(OtpCheck.Accepted, first.Check);
        Assert.NotNull(first.User);
        Assert.Equal(OtpCheck.NotPending, second.Check);
        Assert.Null(second.User);
    }

    [Fact]
    public async Task Five_wrong_codes_void_the_otp_so_the_right_one_then_fails()
    {
        var user = await fixture.NewUserAsync();
        var code = await user.IssueCodeAsync(OtpPurpose.Login);
        var wrong = UserFixtures.WrongCode(code);

        var checks = new List<OtpCheck>();
        for (var i = 0; i < 5; i++)
        {
            checks.Add((await user.SignInWithOtpAsync(wrong, UserFixtures.Client)).Check);
        }

        Assert.Equal([OtpCheck.Wrong, OtpCheck.Wrong, OtpCheck.Wrong, OtpCheck.Wrong, OtpCheck.AttemptsExhausted], checks);
        Assert.Equal(OtpCheck.AttemptsExhausted, (await user.SignInWithOtpAsync(code, UserFixtures.Client)).Check);
    }

    [Fact]
    public async Task Wrong_attempts_are_remembered_across_deactivation()
    {
        var user = await fixture.NewUserAsync();
        var code = await user.IssueCodeAsync(OtpPurpose.Login);
        for (var i = 0; i < 4; i++)
        {
            await user.SignInWithOtpAsync(UserFixtures.WrongCode(code), UserFixtures.Client);
        }

        await fixture.DeactivateAllAsync();

        Assert.Equal(OtpCheck.AttemptsExhausted, (await user.SignInWithOtpAsync(UserFixtures.WrongCode(code), UserFixtures.Client)).Check);
    }

    [Fact]
    public async Task A_void_otp_still_paces_new_requests_by_the_resend_cooldown()
    {
        var user = await fixture.NewUserAsync();
        var code = await user.IssueCodeAsync(OtpPurpose.Login);
        for (var i = 0; i < 5; i++)
        {
            await user.SignInWithOtpAsync(UserFixtures.WrongCode(code), UserFixtures.Client);
        }

        Assert.Equal(OtpIssueStatus.TooSoon, (await user.IssueOtpAsync(OtpPurpose.Login)).Status);
    }

    [Fact]
    public async Task Asking_again_within_thirty_seconds_is_too_soon_and_says_how_long_to_wait()
    {
        var user = await fixture.NewUserAsync();
        await user.IssueCodeAsync(OtpPurpose.Login);
        Clock.Advance(TimeSpan.FromSeconds(10));

        var again = await user.IssueOtpAsync(OtpPurpose.Login);
        Clock.Advance(TimeSpan.FromSeconds(20));
        var later = await user.IssueOtpAsync(OtpPurpose.Login);

        Assert.Equal(OtpIssueStatus.TooSoon, again.Status);
        Assert.Null(again.Code);
        Assert.Equal(TimeSpan.FromSeconds(20), again.RetryAfter);
        Assert.Equal(OtpIssueStatus.Issued, later.Status);
    }

    [Fact]
    public async Task A_new_code_replaces_the_previous_one()
    {
        var user = await fixture.NewUserAsync();
        var first = await user.IssueCodeAsync(OtpPurpose.Login);
        Clock.Advance(TimeSpan.FromSeconds(31));
        var second = await user.IssueCodeAsync(OtpPurpose.Login);

        if (first != second)
        {
            Assert.Equal(OtpCheck.Wrong, (await user.SignInWithOtpAsync(first, UserFixtures.Client)).Check);
        }

        Assert.Equal(OtpCheck.Accepted, (await user.SignInWithOtpAsync(second, UserFixtures.Client)).Check);
    }

    [Fact]
    public async Task A_code_expires_after_five_minutes()
    {
        var user = await fixture.NewUserAsync();
        var code = await user.IssueCodeAsync(OtpPurpose.Login);

        Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(OtpCheck.NotPending, (await user.SignInWithOtpAsync(code, UserFixtures.Client)).Check);
    }

    [Fact]
    public async Task A_login_code_cannot_reset_the_password_and_a_reset_code_cannot_sign_in()
    {
        var user = await fixture.NewUserAsync();
        var loginCode = await user.IssueCodeAsync(OtpPurpose.Login);
        var resetCode = await user.IssueCodeAsync(OtpPurpose.PasswordReset);

        var resetWithLogin = await user.ResetPasswordAsync(loginCode, "a new password");
        var signInWithReset = await user.SignInWithOtpAsync(resetCode, UserFixtures.Client);

        // Unless the two random codes collide, each is simply wrong for the other purpose.
        if (loginCode != resetCode)
        {
            Assert.Equal(OtpCheck.Wrong, resetWithLogin.Check);
            Assert.Equal(OtpCheck.Wrong, signInWithReset.Check);
        }

        Assert.Equal(OtpCheck.Accepted, (await user.SignInWithOtpAsync(loginCode, UserFixtures.Client)).Check);
        Assert.Equal(OtpCheck.Accepted, (await user.ResetPasswordAsync(resetCode, "a new password")).Check);
    }
}
