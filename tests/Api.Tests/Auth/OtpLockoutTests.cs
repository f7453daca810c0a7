using System.Net;
using System.Net.Http.Json;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Auth;

/// <summary>Codes from responses, no resend cooldown: a guesser's best case, so the lock is what stops it.</summary>
public sealed class LockoutApiFactory() : ApiFactory([new("Otp:ResendCooldown", "00:00:00")]);

public sealed class OtpLockoutTests(LockoutApiFactory factory) : IClassFixture<LockoutApiFactory>
{
    private readonly ApiClient _api = factory.CreateApiClient();

    private static string WrongCode(string code) => ((int.Parse(code) + 1) % 1_000_000).ToString("D6");

    [Fact]
    public async Task Ten_wrong_codes_across_codes_and_purposes_lock_verification_for_an_hour_even_for_the_right_code()
    {
        var user = await _api.SignUpAsync();
        var answers = new List<HttpStatusCode>();
        // Four wrong logins on one code, four on a second, two on a reset code: no single code reaches its own limit.
        foreach (var (path, check, wrongTries) in new[]
                 {
                     ("/auth/send-otp", "/auth/verify-otp", 4), ("/auth/send-otp", "/auth/verify-otp", 4),
                     ("/auth/forgot-password", "/auth/reset-password", 2),
                 })
        {
            var code = await _api.SendOtpAsync(user.MobileNumber, path);
            for (var i = 0; i < wrongTries; i++)
            {
                var guess = await _api.PostJsonAsync(check, new { mobileNumber = user.MobileNumber, otp = WrongCode(code), newPassword = "a new password" });
                answers.Add(guess.StatusCode);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.BadRequest, 9), HttpStatusCode.TooManyRequests], answers);

        // Locked: no new code is issued, and even a code issued before the lock would not be checked.
        var send = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber });
        var sendProblem = await send.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("locked", sendProblem["detail"]!.GetValue<string>());
        var retryAfter = int.Parse(send.Headers.RetryAfter!.ToString());
        Assert.InRange(retryAfter, 3_500, 3_600);

        var verify = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = "000000" });
        await verify.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(verify.Headers.RetryAfter);
    }

    [Fact]
    public async Task The_lock_is_per_number_so_another_user_signs_in_as_usual()
    {
        var victim = await _api.SignUpAsync();
        for (var round = 0; round < 2; round++)
        {
            var code = await _api.SendOtpAsync(victim.MobileNumber);
            for (var i = 0; i < 5; i++)
            {
                await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = victim.MobileNumber, otp = WrongCode(code) });
            }
        }

        var other = await _api.SignUpAsync();
        await _api.SignInAsync(other.MobileNumber);

        var locked = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = victim.MobileNumber });
        await locked.ReadProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Deleting_the_account_with_codes_is_locked_too()
    {
        var (user, token) = await _api.NewSessionAsync();
        for (var round = 0; round < 2; round++)
        {
            var code = await _api.SendOtpAsync(user.MobileNumber);
            for (var i = 0; i < 5; i++)
            {
                await _api.SendAsync(HttpMethod.Delete, "/user/me", JsonContent.Create(new { otp = WrongCode(code) }), token);
            }
        }

        var response = await _api.SendAsync(HttpMethod.Delete, "/user/me", JsonContent.Create(new { otp = "123456" }), token);

        await response.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        await (await _api.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK);
    }
}
