using System.Net;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Tests.Auth;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Admin;

/// <summary>A suspension stops every credential and every sign-in at once, and its running turns; lifting it restores them.</summary>
[Collection(AdminCollection.Name)]
public sealed class SuspensionTests(AdminFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task The_token_refresh_token_and_api_key_of_a_suspended_user_get_the_suspended_403_at_once_and_work_again_after()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var user = await _api.SignUpAsync();
        var (token, refresh) = await _api.SignInWithRefreshAsync(user.MobileNumber);
        var key = (await (await _api.PostJsonAsync("/user/api-keys", new { name = "bot" }, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!["key"]!
            .GetValue<string>();
        await (await _api.GetAsync("/user/me", key)).ReadJsonAsync(HttpStatusCode.OK);

        var suspended = await (await _api.SuspendAsync(operatorToken, user.Id, "Card testing")).ReadJsonAsync(HttpStatusCode.OK);

        await AssertSuspendedAsync(await _api.GetAsync("/user/me", token));
        await AssertSuspendedAsync(await _api.GetAsync("/chatroom", key));
        await AssertSuspendedAsync(await _api.PostJsonAsync("/user/api-keys", new { name = "another" }, token));
        await AssertSuspendedAsync(await _api.PostJsonAsync("/auth/refresh", new { refreshToken = refresh }));
        await AssertSuspendedAsync(await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber }));
        await AssertSuspendedAsync(await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = "123456" }));
        await AssertSuspendedAsync(await _api.PostJsonAsync("/auth/forgot-password", new { mobileNumber = user.MobileNumber }));
        var view = suspended["data"]!;
        Assert.True(view["suspended"]!.GetValue<bool>());
        Assert.Equal("Card testing", view["suspension"]!["reason"]!.GetValue<string>());
        Assert.Equal(await fixture.OperatorIdAsync(), view["suspension"]!["by"]!.GetValue<string>());

        var lifted = await (await _api.UnsuspendAsync(operatorToken, user.Id)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.False(lifted["data"]!["suspended"]!.GetValue<bool>());
        Assert.Null(lifted["data"]!["suspension"]);
        await (await _api.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.GetAsync("/chatroom", key)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.PostJsonAsync("/auth/refresh", new { refreshToken = refresh })).ReadJsonAsync(HttpStatusCode.OK);
        await _api.SignInAsync(user.MobileNumber);
    }

    [Fact]
    public async Task A_suspended_user_cannot_sign_in_with_a_passkey()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var (user, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await _api.RegisterPasskeyAsync(token, authenticator);
        await _api.AssertSignsInAsync(authenticator);

        await (await _api.SuspendAsync(operatorToken, user.Id)).ReadJsonAsync(HttpStatusCode.OK);
        var refused = await _api.LogInWithPasskeyAsync(authenticator.Get(await _api.LoginOptionsAsync()));
        await AssertSuspendedAsync(refused);

        await (await _api.UnsuspendAsync(operatorToken, user.Id)).ReadJsonAsync(HttpStatusCode.OK);
        await _api.AssertSignsInAsync(authenticator);
    }

    [Fact]
    public async Task A_suspension_stops_the_turn_the_user_is_running()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var (user, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        // About 9 s of answer, streamed a word at a time.
        var message = "a long answer " + string.Join(' ', Enumerable.Range(1, 30).Select(i => $"w{i}")) + " [[chunks:30]] [[chunk-interval:300]]";
        using var stream = new SseReader(await _api.SendAsync(token, room, message, stream: true));
        Assert.Equal("delta", (await stream.NextAsync())!.Event);

        await (await _api.SuspendAsync(operatorToken, user.Id)).ReadJsonAsync(HttpStatusCode.OK);
        var rest = await stream.RestAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var done = rest[^1];
        Assert.Equal("done", done.Event);
        Assert.True(done.Data["stopped"]!.GetValue<bool>(), done.Data.ToJsonString());
        await (await _api.UnsuspendAsync(operatorToken, user.Id)).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_suspended_users_turns_get_the_suspended_403_and_ask_gemini_nothing()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var (user, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var marker = $"while suspended {Guid.NewGuid():N}";

        await (await _api.SuspendAsync(operatorToken, user.Id)).ReadJsonAsync(HttpStatusCode.OK);

        // The turn routes check the token with the turn's slot, not at the gateway: the refusal is the same.
        await AssertSuspendedAsync(await _api.SendAsync(token, room, marker));
        await AssertSuspendedAsync(await _api.SendAsync(token, room, marker, stream: true));
        Assert.Empty(fixture.Gemini.Requests.Containing(marker));
        await (await _api.UnsuspendAsync(operatorToken, user.Id)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.SendAsync(token, room, marker)).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_admin_cannot_be_suspended_and_an_unknown_user_or_a_bad_reason_is_a_problem()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var (user, _) = await _api.NewSessionAsync();

        var admin = await _api.SuspendAsync(operatorToken, await fixture.OperatorIdAsync());
        var unknown = await _api.SuspendAsync(operatorToken, "no-such-user");
        var empty = await _api.PostJsonAsync($"/admin/users/{user.Id}/suspend", new { reason = "  " }, operatorToken);
        var tooLong = await _api.PostJsonAsync($"/admin/users/{user.Id}/suspend", new { reason = new string('x', 501) }, operatorToken);

        await admin.ReadProblemAsync(HttpStatusCode.Conflict);
        await unknown.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.NotNull((await empty.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["reason"]);
        Assert.NotNull((await tooLong.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["reason"]);
        await (await _api.GetAsync("/admin/audit?limit=1", operatorToken)).ReadJsonAsync(HttpStatusCode.OK);
    }

    private static async Task AssertSuspendedAsync(HttpResponseMessage response)
    {
        var problem = await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(SuspendedAccount.Type, problem["type"]!.GetValue<string>());
        Assert.Equal(SuspendedAccount.Detail, problem["detail"]!.GetValue<string>());
    }
}
