using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Auth;

[Collection(ApiCollection.Name)]
public sealed class OtpSecurityTests(ApiFactory factory)
{
    private readonly ApiClient _api = factory.CreateApiClient();

    private static string WrongCode(string code) => ((int.Parse(code) + 1) % 1_000_000).ToString("D6");

    [Fact]
    public async Task Five_wrong_guesses_void_the_otp_so_even_the_right_code_then_fails()
    {
        var user = await _api.SignUpAsync();
        var otp = await _api.SendOtpAsync(user.MobileNumber);

        var messages = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var guess = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = WrongCode(otp) });
            messages.Add((await guess.ReadProblemAsync(HttpStatusCode.BadRequest)).Message());
        }

        var right = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp });

        Assert.All(messages.Take(4), m => Assert.Equal("Invalid OTP.", m));
        Assert.Contains("void", messages[4]);
        Assert.Contains("void", (await right.ReadProblemAsync(HttpStatusCode.BadRequest)).Message());
    }

    [Fact]
    public async Task A_used_otp_cannot_be_used_again()
    {
        var user = await _api.SignUpAsync();
        var otp = await _api.SendOtpAsync(user.MobileNumber);
        await (await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp })).ReadJsonAsync(HttpStatusCode.OK);

        var reuse = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp });

        await reuse.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_reset_otp_cannot_sign_in()
    {
        var user = await _api.SignUpAsync();
        var resetOtp = await _api.SendOtpAsync(user.MobileNumber, "/auth/forgot-password");

        var response = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = resetOtp });

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_login_otp_cannot_reset_the_password()
    {
        var user = await _api.SignUpAsync();
        var loginOtp = await _api.SendOtpAsync(user.MobileNumber);

        var response = await _api.PostJsonAsync("/auth/reset-password",
            new { mobileNumber = user.MobileNumber, otp = loginOtp, newPassword = "hijacked password" });

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        var stillOld = await _api.PostJsonAsync("/auth/change-password",
            new { currentPassword = user.Password, newPassword = "my own new password" }, await SignInLaterAsync(user, loginOtp));
        await stillOld.ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Verifying_without_asking_for_an_otp_fails()
    {
        var user = await _api.SignUpAsync();

        var response = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = "123456" });

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>The login OTP was not spent by the failed reset, so it still signs in.</summary>
    private async Task<string> SignInLaterAsync(TestUser user, string loginOtp)
    {
        var response = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = loginOtp });
        return (await response.ReadJsonAsync(HttpStatusCode.OK))["data"]!["token"]!.GetValue<string>();
    }
}
