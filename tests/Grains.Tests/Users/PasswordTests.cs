using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;

namespace GeminiClone.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class PasswordTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Changing_the_password_bumps_the_token_version()
    {
        var user = await fixture.NewUserAsync();
        Assert.NotNull(await user.AuthenticateAsync(0));

        var result = await user.ChangePasswordAsync(UserFixtures.Password, "a new password", keptSessionId: null);

        Assert.Equal(PasswordChangeStatus.Changed, result.Status);
        Assert.Equal(1, result.TokenVersion);
        Assert.Null(await user.AuthenticateAsync(0));
        Assert.NotNull(await user.AuthenticateAsync(1));
    }

    [Fact]
    public async Task A_wrong_current_password_changes_nothing()
    {
        var user = await fixture.NewUserAsync();

        var result = await user.ChangePasswordAsync("not the password", "a new password", keptSessionId: null);

        Assert.Equal(PasswordChangeStatus.WrongCurrentPassword, result.Status);
        Assert.NotNull(await user.AuthenticateAsync(0));
        Assert.Equal(PasswordChangeStatus.Changed, (await user.ChangePasswordAsync(UserFixtures.Password, "a new password", keptSessionId: null)).Status);
    }

    [Fact]
    public async Task Resetting_with_a_reset_code_sets_the_new_password_and_revokes_tokens()
    {
        var user = await fixture.NewUserAsync();
        var code = await user.IssueCodeAsync(OtpPurpose.PasswordReset);

        var reset = await user.ResetPasswordAsync(code, "a brand new password");

        Assert.Equal(OtpCheck.Accepted, reset.Check);
        Assert.Null(await user.AuthenticateAsync(0));
        Assert.Equal(PasswordChangeStatus.WrongCurrentPassword, (await user.ChangePasswordAsync(UserFixtures.Password, "x-x-x-x-x", keptSessionId: null)).Status);
        Assert.Equal(PasswordChangeStatus.Changed, (await user.ChangePasswordAsync("a brand new password", "x-x-x-x-x", keptSessionId: null)).Status);
    }

    [Fact]
    public async Task The_new_password_and_token_version_survive_deactivation()
    {
        var user = await fixture.NewUserAsync();
        await user.ChangePasswordAsync(UserFixtures.Password, "a new password", keptSessionId: null);

        await fixture.DeactivateAllAsync();

        Assert.NotNull(await user.AuthenticateAsync(1));
        Assert.Equal(PasswordChangeStatus.Changed, (await user.ChangePasswordAsync("a new password", "another password", keptSessionId: null)).Status);
    }
}
