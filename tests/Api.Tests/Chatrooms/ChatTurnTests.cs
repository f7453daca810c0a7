using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

[Collection(ChatCollection.Name)]
public sealed class ChatTurnTests(ChatFixture fixture)
{
    private const string LimitMessage = "Daily message limit reached. Upgrade to Pro for unlimited access.";

    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_message_returns_geminis_reply_and_rate_limit_headers()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        var response = await _api.SendMessageAsync(token, id, "  Hello, Gemini  ");
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Chat processed successfully", body.Message());
        Assert.Equal("Reply #1: Hello, Gemini", body["data"]!.GetValue<string>());
        Assert.Equal("5", response.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("4", response.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.InRange(long.Parse(response.Headers.GetValues("RateLimit-Reset").Single()), 1, 86_400);
        var chatroom = await _api.GetChatroomAsync(token, id);
        Assert.Equal([("User", "Hello, Gemini"), ("AI", "Reply #1: Hello, Gemini")], chatroom.Messages());
    }

    [Fact]
    public async Task The_whole_history_reaches_gemini_in_order_with_a_system_instruction()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var marker = Guid.NewGuid().ToString("N");

        await _api.ChatAsync(token, id, $"one {marker}");
        await _api.ChatAsync(token, id, $"two {marker}");
        var third = await _api.ChatAsync(token, id, $"three {marker}");

        var request = fixture.Gemini.Requests.Containing($"three {marker}").Single();
        Assert.Equal(
            [("user", $"one {marker}"), ("model", $"Reply #1: one {marker}"), ("user", $"two {marker}"), ("model", $"Reply #2: two {marker}"), ("user", $"three {marker}")],
            request.Turns);
        Assert.False(string.IsNullOrWhiteSpace(request.SystemInstruction));
        Assert.Equal("emulator-key", request.ApiKey);
        Assert.Equal("gemini-3.8-flash", request.Model);
        Assert.Equal($"Reply #3: three {marker}", third);
    }

    [Fact]
    public async Task Sending_twelve_messages_at_once_accepts_exactly_five_for_basic_users_in_strict_turn_order()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => _api.SendMessageAsync(token, id, $"message {i}")));

        var accepted = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(5, accepted.Count);
        Assert.Equal(7, refused.Count);
        foreach (var response in refused)
        {
            Assert.Equal(LimitMessage, (await response.ReadProblemAsync(HttpStatusCode.TooManyRequests)).Message());
            var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single());
            Assert.InRange(retryAfter, 1, 86_400);
        }

        // Each stored reply answers its own question and saw every turn before it (Reply #k is the k-th turn).
        var messages = (await _api.GetChatroomAsync(token, id)).Messages();
        Assert.Equal(10, messages.Count);
        for (var turn = 0; turn < 5; turn++)
        {
            var (role, question) = messages[2 * turn];
            Assert.Equal("User", role);
            Assert.Equal(("AI", $"Reply #{turn + 1}: {question}"), messages[2 * turn + 1]);
        }

        Assert.Equal(5, messages.Where(m => m.Role == "User").Select(m => m.Text).Distinct().Count());
    }

    [Fact]
    public async Task The_quota_is_per_user_per_day_and_shows_in_subscription_status()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var other = await _api.CreateChatroomAsync(token);
        for (var i = 0; i < 5; i++)
        {
            await _api.ChatAsync(token, i % 2 == 0 ? id : other, $"hi {i}");
        }

        var sixth = await _api.SendMessageAsync(token, other, "one more");
        var status = await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK);
        var (_, freshToken) = await _api.NewSessionAsync();
        var freshRoom = await _api.CreateChatroomAsync(freshToken);

        await sixth.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("Current subscription plan fetched", status.Message());
        Assert.Equal("Basic", status["tier"]!.GetValue<string>());
        Assert.Equal(5, status["data"]!["usage"]!["used"]!.GetValue<int>());
        Assert.Equal(5, status["data"]!["usage"]!["limit"]!.GetValue<int>());
        Assert.Equal(0, status["data"]!["usage"]!["remaining"]!.GetValue<int>());
        await _api.ChatAsync(freshToken, freshRoom, "someone else's quota is untouched");
    }

    [Theory]
    [InlineData("[[error:503]]", HttpStatusCode.ServiceUnavailable)]
    [InlineData("[[error:500]]", HttpStatusCode.ServiceUnavailable)]
    [InlineData("[[error:429]]", HttpStatusCode.ServiceUnavailable)]
    [InlineData("[[error:400]]", HttpStatusCode.BadGateway)]
    [InlineData("[[garbage]]", HttpStatusCode.BadGateway)]
    [InlineData("[[block-prompt]]", HttpStatusCode.UnprocessableEntity)]
    [InlineData("[[block-reply]]", HttpStatusCode.UnprocessableEntity)]
    public async Task A_failed_gemini_call_stores_nothing_and_uses_no_quota(string message, HttpStatusCode expected)
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        await _api.ChatAsync(token, id, "before");

        var response = await _api.SendMessageAsync(token, id, message);

        await response.ReadProblemAsync(expected);
        Assert.Equal("4", response.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal([("User", "before"), ("AI", "Reply #1: before")], (await _api.GetChatroomAsync(token, id)).Messages());
        var status = await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, status["data"]!["usage"]!["used"]!.GetValue<int>());
        Assert.Equal("Reply #2: after", await _api.ChatAsync(token, id, "after"));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Transient_gemini_errors_are_retried(int code)
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var message = $"[[flaky:2:{code}]] {Guid.NewGuid():N}";

        var reply = await _api.ChatAsync(token, id, message);

        Assert.Equal($"Reply #1: {message}", reply);
        Assert.Equal(3, fixture.Gemini.Requests.Containing(message).Count);
    }

    [Fact]
    public async Task When_gemini_asks_for_a_longer_wait_than_we_retry_the_turn_fails_at_once_with_its_retry_after()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var message = $"[[rate-limited:34]] {Guid.NewGuid():N}";

        var response = await _api.SendMessageAsync(token, id, message);

        await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(34), response.Headers.RetryAfter!.Delta);
        Assert.Single(fixture.Gemini.Requests.Containing(message));
        Assert.Empty((await _api.GetChatroomAsync(token, id)).Messages());
    }

    [Fact]
    public async Task A_client_that_gives_up_on_a_plain_send_frees_its_request_and_the_turn_is_still_stored()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        using var impatient = new HttpClient { BaseAddress = _api.Http.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() =>
            new ApiClient(impatient).SendMessageAsync(token, id, "[[latency:1500]] slow but wanted"));

        IReadOnlyList<(string Role, string Text)> messages = [];
        for (var attempt = 0; attempt < 50 && messages.Count < 2; attempt++)
        {
            await Task.Delay(100);
            messages = (await _api.GetChatroomAsync(token, id)).Messages();
        }

        Assert.Equal([("User", "[[latency:1500]] slow but wanted"), ("AI", "Reply #1: [[latency:1500]] slow but wanted")], messages);
    }

    [Fact]
    public async Task Reading_a_chatroom_does_not_wait_behind_a_slow_gemini_call()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        await _api.ChatAsync(token, id, "first");
        // Gemini holds the answer until the reads are done: "while Gemini is answering" by cause, not by the clock.
        var hold = $"slow-{Guid.NewGuid():N}";

        var send = _api.SendMessageAsync(token, id, $"slow [[hold:{hold}]]");
        await Eventually.HoldsAsync(() => fixture.Gemini.Holds.IsHolding(hold));

        var duringTurn = await _api.GetChatroomAsync(token, id);
        var list = await (await _api.GetAsync("/chatroom", token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.False(send.IsCompleted, "The read should have finished while Gemini was still answering.");
        Assert.Equal([("User", "first"), ("AI", "Reply #1: first")], duringTurn.Messages());
        Assert.Equal(1, list["count"]!.GetValue<int>());
        fixture.Gemini.Holds.Release(hold);
        await (await send).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, (await _api.GetChatroomAsync(token, id)).Messages().Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("    ")]
    public async Task An_empty_message_is_400(string message)
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        var problem = await (await _api.SendMessageAsync(token, id, message)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["message"]);
    }

    [Fact]
    public async Task A_message_over_8000_characters_is_400_and_costs_nothing()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        await (await _api.SendMessageAsync(token, id, new string('m', 8001))).ReadProblemAsync(HttpStatusCode.BadRequest);

        var status = await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, status["data"]!["usage"]!["used"]!.GetValue<int>());
    }
}
