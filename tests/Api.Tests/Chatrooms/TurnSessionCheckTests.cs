using System.Net;
using GeminiClone.Api.Tests.Admin;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>
/// The routes that send a turn leave the access token's session check to the turn, which makes it with the turn's
/// quota slot: a token revoked since it was issued (signed out, an older password) still gets a 401 on every one of
/// them, plain or streamed, before anything is asked, stored or charged, and learns nothing a valid token would
/// (not a stored answer, not whether a chatroom exists).
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class TurnSessionCheckTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Every_turn_route_refuses_a_signed_out_token_with_401_and_asks_stores_and_charges_nothing()
    {
        var user = await _api.SignUpAsync();
        var token = await _api.SignInAsync(user.MobileNumber);
        var id = await _api.CreateChatroomAsync(token);
        (await _api.SendAsync(token, id, "before signing out")).EnsureSuccessStatusCode();
        await (await _api.SendAsync(HttpMethod.Post, "/auth/logout", null, token)).ReadJsonAsync(HttpStatusCode.OK);
        var marker = $"after signing out {Guid.NewGuid():N}";

        HttpResponseMessage[] refused =
        [
            await _api.SendAsync(token, id, marker),
            await _api.SendAsync(token, id, marker, stream: true),
            await _api.RegenerateAsync(token, id),
            await _api.RegenerateAsync(token, id, stream: true),
            await _api.EditAsync(token, id, 0, marker),
            await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/messages/1/regenerate", token),
        ];

        foreach (var response in refused)
        {
            await AssertRevokedAsync(response);
        }

        Assert.Empty(fixture.Gemini.Requests.Containing(marker));
        var fresh = await _api.SignInAsync(user.MobileNumber);
        Assert.Equal([("User", "before signing out"), ("AI", "Reply #1: before signing out")], (await _api.GetChatroomAsync(fresh, id)).Messages());
        var next = await _api.SendAsync(fresh, id, "signed in again");
        await next.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("3", next.Headers.GetValues("RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task A_signed_out_token_gets_401_not_the_stored_answer_of_its_key_nor_a_404_for_a_chatroom_that_is_not_there()
    {
        var user = await _api.SignUpAsync();
        var token = await _api.SignInAsync(user.MobileNumber);
        var id = await _api.CreateChatroomAsync(token);
        var key = Guid.NewGuid().ToString();
        await (await _api.SendAsync(token, id, "a stored answer", idempotencyKey: key)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.SendAsync(HttpMethod.Post, "/auth/logout", null, token)).ReadJsonAsync(HttpStatusCode.OK);

        await AssertRevokedAsync(await _api.SendAsync(token, id, "a stored answer", idempotencyKey: key));
        await AssertRevokedAsync(await _api.SendAsync(token, id, "a stored answer", stream: true, idempotencyKey: key));
        await AssertRevokedAsync(await _api.SendAsync(token, Guid.NewGuid().ToString(), "nowhere"));
    }

    [Fact]
    public async Task A_token_from_before_a_password_change_gets_401_and_the_new_one_sends()
    {
        var user = await _api.SignUpAsync();
        var before = await _api.SignInAsync(user.MobileNumber);
        var other = await _api.SignInAsync(user.MobileNumber);
        var id = await _api.CreateChatroomAsync(before);

        var changed = await (await _api.PostJsonAsync("/auth/change-password",
            new { currentPassword = user.Password, newPassword = "a brand new password" }, other)).ReadJsonAsync(HttpStatusCode.OK);

        await AssertRevokedAsync(await _api.SendAsync(before, id, "with the old token"));
        await (await _api.SendAsync(changed["data"]!["token"]!.GetValue<string>(), id, "with the new one")).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_retry_of_a_turn_still_running_is_refused_once_its_token_is_signed_out_and_the_turn_goes_on()
    {
        var user = await _api.SignUpAsync();
        var token = await _api.SignInAsync(user.MobileNumber);
        var id = await _api.CreateChatroomAsync(token);
        var key = Guid.NewGuid().ToString();
        var message = "a slow answer " + string.Join(' ', Enumerable.Range(1, 10).Select(i => $"w{i}")) + " [[chunks:10]] [[chunk-interval:200]]";
        using var first = new SseReader(await _api.SendAsync(token, id, message, stream: true, idempotencyKey: key));
        Assert.Equal("delta", (await first.NextAsync())!.Event);

        await (await _api.SendAsync(HttpMethod.Post, "/auth/logout", null, token)).ReadJsonAsync(HttpStatusCode.OK);
        var retried = await _api.SendAsync(token, id, message, stream: true, idempotencyKey: key);

        await AssertRevokedAsync(retried);
        Assert.Equal("done", (await first.RestAsync().WaitAsync(TimeSpan.FromSeconds(30)))[^1].Event);
    }

    /// <summary>Exactly what the token check in front of every other route answers a revoked token.</summary>
    private static async Task AssertRevokedAsync(HttpResponseMessage response)
    {
        var problem = await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("The token has been revoked; sign in again.", problem["detail"]!.GetValue<string>());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.False(response.Headers.Contains("RateLimit-Remaining"));
    }
}

/// <summary>On the turn routes the gateway asks the user's grain nothing: the turn's slot carries the check.</summary>
public sealed class TurnSessionCheckCostTests(CallerAddressScopeTests.RecordingFixture fixture) : IClassFixture<CallerAddressScopeTests.RecordingFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_turn_makes_no_session_check_of_its_own_and_checks_the_token_with_its_slot()
    {
        var (user, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var checksBefore = fixture.Calls.Received(nameof(IUserGrain.CheckTokenAsync), user.Id).Count;

        (await _api.SendAsync(token, id, "a plain turn")).EnsureSuccessStatusCode();
        using (var streamed = await _api.StreamAsync(token, id, "a streamed turn"))
        {
            Assert.Contains(await streamed.ReadEventsAsync(), e => e.Event == "done");
        }

        Assert.Equal(checksBefore, fixture.Calls.Received(nameof(IUserGrain.CheckTokenAsync), user.Id).Count);
        Assert.Equal(2, fixture.Calls.Received(nameof(IUserGrain.ReserveTurnSlotAsync), user.Id).Count);
        await (await _api.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(checksBefore + 1, fixture.Calls.Received(nameof(IUserGrain.CheckTokenAsync), user.Id).Count);
    }
}
