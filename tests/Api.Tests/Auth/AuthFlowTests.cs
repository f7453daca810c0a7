using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Auth;

[Collection(ApiCollection.Name)]
public sealed class AuthFlowTests(ApiFactory factory)
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Fact]
    public async Task Signing_up_returns_201_with_the_user_and_never_the_password()
    {
        var number = ApiClient.NextMobileNumber();

        var response = await _api.PostJsonAsync("/auth/signup", new { name = "  Asha  ", mobileNumber = number, password = ApiClient.Password });
        var raw = await response.Content.ReadAsStringAsync();
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.True(body["success"]!.GetValue<bool>());
        Assert.Equal("User registered successfully", body.Message());
        var data = body["data"]!;
        Assert.Equal("+91" + number, data["mobileNumber"]!.GetValue<string>());
        Assert.Equal("Asha", data["name"]!.GetValue<string>());
        Assert.Equal("Basic", data["tier"]!.GetValue<string>());
        Assert.EndsWith("Z", data["createdAt"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(data["id"]!.GetValue<string>()));
        Assert.Equal(["createdAt", "id", "mobileNumber", "name", "tier", "updatedAt"], data.AsObject().Select(p => p.Key).Order());
        Assert.DoesNotContain(ApiClient.Password, raw);
    }

    [Fact]
    public async Task The_same_number_written_differently_is_taken()
    {
        var number = ApiClient.NextMobileNumber();
        await _api.SignUpAsync(number);

        var again = await _api.PostJsonAsync("/auth/signup", new { name = "Ravi", mobileNumber = $"+91 {number[..5]} {number[5..]}", password = ApiClient.Password });

        var problem = await again.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("already exists", problem.Message());
    }

    [Theory]
    [InlineData("tel:+91-{0}-{1}")]
    [InlineData("TEL:+91{0}{1}")]
    [InlineData("tel:+91{0}{1};p=1")]
    public async Task A_tel_uri_names_the_same_account(string written)
    {
        var number = ApiClient.NextMobileNumber();
        await _api.SignUpAsync(number);

        var code = await _api.SendOtpAsync(string.Format(written, number[..5], number[5..]));

        Assert.Matches("^[0-9]{6}$", code);
    }

    [Theory]
    [InlineData("1-800-FLOWERS")]
    [InlineData("tel:")]
    [InlineData("tel:+91-98x29-99002")]
    public async Task Letters_outside_a_tel_prefix_are_refused(string written)
    {
        var response = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = written });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["mobileNumber"]);
    }

    [Fact]
    public async Task Sending_an_otp_to_an_unregistered_number_is_404()
    {
        var response = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = ApiClient.NextMobileNumber() });

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_otp_flow_yields_a_token_that_reads_the_profile()
    {
        var user = await _api.SignUpAsync();

        var sent = await (await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber })).ReadJsonAsync(HttpStatusCode.OK);
        var otp = sent["data"]!["otp"]!.GetValue<string>();
        var verified = await (await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var token = verified["data"]!["token"]!.GetValue<string>();
        var meResponse = await _api.GetAsync("/user/me", token);
        var meRaw = await meResponse.Content.ReadAsStringAsync();
        var me = await meResponse.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("OTP sent successfully", sent.Message());
        Assert.Matches("^[0-9]{6}$", otp);
        Assert.Equal("OTP verified successfully", verified.Message());
        Assert.Equal("User profile retrieved successfully", me.Message());
        Assert.Equal(user.Id, me["data"]!["id"]!.GetValue<string>());
        Assert.Equal("Basic", me["data"]!["tier"]!.GetValue<string>());
        Assert.DoesNotContain(user.Password, meRaw);
        Assert.DoesNotContain("password", meRaw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_otp_sent_as_a_json_number_is_accepted()
    {
        var user = await _api.SignUpAsync();
        var otp = await _api.SendOtpAsync(user.MobileNumber);

        var response = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = int.Parse(otp) });

        await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Asking_for_another_otp_within_thirty_seconds_is_429_with_retry_after()
    {
        var user = await _api.SignUpAsync();
        await _api.SendOtpAsync(user.MobileNumber);

        var again = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber });

        await again.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(again.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 30);
    }

    [Fact]
    public async Task Forgot_then_reset_sets_the_new_password_and_revokes_old_tokens()
    {
        var (user, oldToken) = await _api.NewSessionAsync();

        var resetOtp = await _api.SendOtpAsync(user.MobileNumber, "/auth/forgot-password");
        var reset = await _api.PostJsonAsync("/auth/reset-password",
            new { mobileNumber = user.MobileNumber, otp = resetOtp, newPassword = "a brand new password" });
        var body = await reset.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Password reset successfully", body.Message());
        var revoked = await (await _api.GetAsync("/user/me", oldToken)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", revoked.Message());
        var newToken = await _api.SignInAsync(user.MobileNumber);
        var changed = await _api.PostJsonAsync("/auth/change-password",
            new { currentPassword = "a brand new password", newPassword = "yet another password" }, newToken);
        await changed.ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Changing_the_password_revokes_older_tokens_and_returns_a_fresh_one()
    {
        var (user, oldToken) = await _api.NewSessionAsync();

        var response = await _api.PostJsonAsync("/auth/change-password",
            new { currentPassword = user.Password, newPassword = "a different password" }, oldToken);
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        var freshToken = body["data"]!["token"]!.GetValue<string>();

        Assert.Equal("Password changed successfully", body.Message());
        await (await _api.GetAsync("/user/me", oldToken)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.GetAsync("/user/me", freshToken)).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_current_password_is_400_and_changes_nothing()
    {
        var (user, token) = await _api.NewSessionAsync();

        var response = await _api.PostJsonAsync("/auth/change-password",
            new { currentPassword = "not my password", newPassword = "a different password" }, token);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Wrong current password.", problem.Message());
        await (await _api.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK);
        var retry = await _api.PostJsonAsync("/auth/change-password",
            new { currentPassword = user.Password, newPassword = "a different password" }, token);
        await retry.ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Change_password_requires_a_token()
    {
        var response = await _api.PostJsonAsync("/auth/change-password", new { currentPassword = "whatever!", newPassword = "whatever2!" });

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}
