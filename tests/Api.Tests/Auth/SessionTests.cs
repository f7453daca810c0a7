using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Auth;

/// <summary>Sign-ins are sessions: refresh tokens rotate, a replayed one ends its session, and ending one takes effect at once.</summary>
public sealed class SessionTests(SessionApiFactory factory) : IClassFixture<SessionApiFactory>
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Fact]
    public async Task Verify_otp_answers_the_access_token_where_it_was_with_a_refresh_token_and_its_lifetime()
    {
        var user = await _api.SignUpAsync();

        var tokens = await SignInAsync(user);

        Assert.InRange(tokens["expiresIn"]!.GetValue<long>(), 86_000, 86_400);
        Assert.StartsWith($"{user.Id}.", tokens["refreshToken"]!.GetValue<string>());
        Assert.True(tokens["refreshExpiresAt"]!.GetValue<DateTime>() > DateTime.UtcNow.AddDays(29));
        await (await _api.GetAsync("/user/me", Access(tokens))).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refresh_rotates_both_tokens_and_a_replayed_refresh_token_ends_the_session_at_once()
    {
        var user = await _api.SignUpAsync();
        var first = await SignInAsync(user);

        var second = await (await RefreshAsync(Refresh(first))).ReadJsonAsync(HttpStatusCode.OK);
        var rotated = second["data"]!;
        await (await _api.GetAsync("/user/me", Access(rotated))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(Refresh(first), Refresh(rotated));

        // The first refresh token again: someone holds a copy, so the whole session ends.
        var replay = await (await RefreshAsync(Refresh(first))).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("already used", replay["detail"]!.GetValue<string>());
        await (await RefreshAsync(Refresh(rotated))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.GetAsync("/user/me", Access(rotated))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.GetAsync("/user/me", Access(first))).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_ends_the_session_its_tokens_stop_working_and_other_sessions_go_on()
    {
        var user = await _api.SignUpAsync();
        var phone = await SignInAsync(user);
        var laptop = await SignInAsync(user);

        await (await _api.SendAsync(HttpMethod.Post, "/auth/logout", null, Access(phone))).ReadJsonAsync(HttpStatusCode.OK);

        await (await _api.GetAsync("/user/me", Access(phone))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await RefreshAsync(Refresh(phone))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.GetAsync("/user/me", Access(laptop))).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sessions_are_listed_with_the_current_one_marked_and_one_can_be_ended_from_another()
    {
        var user = await _api.SignUpAsync();
        var lost = await SignInAsync(user, "LostPhone/1.0");
        var current = await SignInAsync(user, "Laptop/2.0");
        var (_, stranger) = await _api.NewSessionAsync();

        var sessions = (await (await _api.GetAsync("/user/sessions", Access(current))).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray();

        Assert.Equal(2, sessions.Count);
        var mine = sessions.Single(s => s!["current"]!.GetValue<bool>())!;
        var other = sessions.Single(s => !s!["current"]!.GetValue<bool>())!;
        Assert.Equal("Laptop/2.0", mine["userAgent"]!.GetValue<string>());
        Assert.Equal("LostPhone/1.0", other["userAgent"]!.GetValue<string>());
        var otherId = other["id"]!.GetValue<string>();

        await (await _api.SendAsync(HttpMethod.Delete, $"/user/sessions/{otherId}", null, stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.GetAsync("/user/me", Access(lost))).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.SendAsync(HttpMethod.Delete, $"/user/sessions/{otherId}", null, Access(current))).ReadJsonAsync(HttpStatusCode.OK);

        await (await _api.GetAsync("/user/me", Access(lost))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await RefreshAsync(Refresh(lost))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.SendAsync(HttpMethod.Delete, $"/user/sessions/{otherId}", null, Access(current))).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Single((await (await _api.GetAsync("/user/sessions", Access(current))).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray());
    }

    [Fact]
    public async Task A_password_change_ends_every_other_session_and_keeps_the_callers()
    {
        var user = await _api.SignUpAsync();
        var other = await SignInAsync(user);
        var caller = await SignInAsync(user);

        var changed = await (await _api.PostJsonAsync("/auth/change-password",
            new { currentPassword = user.Password, newPassword = "a brand new password" }, Access(caller))).ReadJsonAsync(HttpStatusCode.OK);

        await (await _api.GetAsync("/user/me", Access(other))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await RefreshAsync(Refresh(other))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.GetAsync("/user/me", Access(changed["data"]!))).ReadJsonAsync(HttpStatusCode.OK);
        var refreshed = await (await RefreshAsync(Refresh(caller))).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.GetAsync("/user/me", Access(refreshed["data"]!))).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_password_reset_ends_every_session()
    {
        var user = await _api.SignUpAsync();
        var session = await SignInAsync(user);

        var otp = await _api.SendOtpAsync(user.MobileNumber, "/auth/forgot-password");
        await (await _api.PostJsonAsync("/auth/reset-password",
            new { mobileNumber = user.MobileNumber, otp, newPassword = "reset to something new" })).ReadJsonAsync(HttpStatusCode.OK);

        await (await RefreshAsync(Refresh(session))).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("0193a0b4-7c5e-7d1a-9f3e-2b1c4d5e6f70.00000000000000000000000000000000.secret")]
    [InlineData("a.b.c")]
    public async Task A_malformed_or_unknown_refresh_token_is_401(string token)
    {
        await (await RefreshAsync(token)).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_refresh_without_a_token_is_400()
    {
        await (await _api.PostJsonAsync("/auth/refresh", new { })).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<JsonNode> SignInAsync(TestUser user, string userAgent = "SessionTests/1.0")
    {
        var otp = await _api.SendOtpAsync(user.MobileNumber);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/verify-otp")
        {
            Content = JsonContent.Create(new { mobileNumber = user.MobileNumber, otp }),
        };
        request.Headers.UserAgent.ParseAdd(userAgent);
        return (await (await _api.Http.SendAsync(request)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) => _api.PostJsonAsync("/auth/refresh", new { refreshToken });

    private static string Access(JsonNode tokens) => tokens["token"]!.GetValue<string>();

    private static string Refresh(JsonNode tokens) => tokens["refreshToken"]!.GetValue<string>();
}

/// <summary>One user signs in several times in a row here, so OTPs may be asked for without the 30 s pause.</summary>
public sealed class SessionApiFactory() : ApiFactory([new("Otp:ResendCooldown", "00:00:00")]);
