using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

[Collection(ChatCollection.Name)]
public sealed class StreamingTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task With_accept_event_stream_the_reply_streams_as_deltas_then_a_done_event()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        await _api.ChatAsync(token, id, "warm up");

        using var response = await _api.StreamAsync(token, id, "tell me something long enough to split");
        var events = await response.ReadEventsAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(events.Count >= 3, $"Expected several deltas and a done event, got {events.Count}.");
        Assert.All(events[..^1], e => Assert.Equal("delta", e.Event));
        var (lastEvent, done) = events[^1];
        Assert.Equal("done", lastEvent);
        var streamed = string.Concat(events[..^1].Select(e => e.Data["text"]!.GetValue<string>()));
        Assert.Equal("Reply #2: tell me something long enough to split", streamed);
        Assert.Equal(streamed, done["message"]!["text"]!.GetValue<string>());
        Assert.Equal("AI", done["message"]!["role"]!.GetValue<string>());
        Assert.Equal("User", done["userMessage"]!["role"]!.GetValue<string>());
        Assert.True(done["usage"]!["totalTokens"]!.GetValue<long>() > 0);
        Assert.Equal(3, done["quota"]!["remaining"]!.GetValue<int>());
        Assert.Equal(("AI", streamed), (await _api.GetChatroomAsync(token, id)).Messages()[^1]);
    }

    [Fact]
    public async Task A_failure_before_the_first_words_is_a_plain_problem()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        using var response = await _api.StreamAsync(token, id, "[[error:400]]");

        await response.ReadProblemAsync(HttpStatusCode.BadGateway);
        Assert.Empty((await _api.GetChatroomAsync(token, id)).Messages());
    }

    [Fact]
    public async Task A_reply_blocked_after_streaming_began_ends_with_an_error_event_and_stores_nothing()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        using var response = await _api.StreamAsync(token, id, "[[block-reply]]");

        // The emulator sends an empty delta then SAFETY: depending on timing the client sees a 422 or an error event.
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var events = await response.ReadEventsAsync();
            Assert.Equal("error", events[^1].Event);
            Assert.Equal(422, events[^1].Data["status"]!.GetValue<int>());
            Assert.False(events[^1].Data["success"]!.GetValue<bool>());
        }
        else
        {
            await response.ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        }

        Assert.Empty((await _api.GetChatroomAsync(token, id)).Messages());
    }

    [Fact]
    public async Task Over_quota_a_stream_request_is_429()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        for (var i = 0; i < 5; i++)
        {
            await _api.ChatAsync(token, id, $"m{i}");
        }

        using var response = await _api.StreamAsync(token, id, "one too many");

        await response.ReadProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_leaves_the_chatroom_usable_and_the_turn_stored()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        using (var response = await _api.StreamAsync(token, id, "walk away from this answer"))
        {
            var stream = await response.Content.ReadAsStreamAsync();
            var first = new byte[8];
            Assert.True(await stream.ReadAsync(first) > 0);
        }

        var next = await _api.ChatAsync(token, id, "are you still there");

        Assert.Equal("Reply #2: are you still there", next);
        Assert.Equal(
            [("User", "walk away from this answer"), ("AI", "Reply #1: walk away from this answer"), ("User", "are you still there"), ("AI", next)],
            (await _api.GetChatroomAsync(token, id)).Messages());
    }
}
