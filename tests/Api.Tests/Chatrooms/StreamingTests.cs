using System.Diagnostics;
using System.Globalization;
using System.Net;
using GeminiClone.Api.Chatrooms;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Chatrooms;

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

        // Pieces further apart than the gateway gathers them, so each is a delta of its own.
        const string message = "tell me something long enough to split [[chunks:4]] [[chunk-interval:120]]";
        using var response = await _api.StreamAsync(token, id, message);
        var events = await response.ReadEventsAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(events.Count >= 3, $"Expected several deltas and a done event, got {events.Count}.");
        Assert.All(events[..^1], e => Assert.Equal("delta", e.Event));
        var (lastEvent, done) = events[^1];
        Assert.Equal("done", lastEvent);
        var streamed = string.Concat(events[..^1].Select(e => e.Data["text"]!.GetValue<string>()));
        Assert.Equal($"Reply #2: {message}", streamed);
        Assert.Equal(streamed, done["message"]!["text"]!.GetValue<string>());
        Assert.Equal("AI", done["message"]!["role"]!.GetValue<string>());
        Assert.Equal("User", done["userMessage"]!["role"]!.GetValue<string>());
        Assert.True(done["usage"]!["totalTokens"]!.GetValue<long>() > 0);
        Assert.Equal(3, done["quota"]!["remaining"]!.GetValue<int>());
        Assert.Equal(("AI", streamed), (await _api.GetChatroomAsync(token, id)).Messages()[^1]);
    }

    [Fact]
    public async Task Pieces_that_come_close_together_go_out_joined_in_fewer_deltas_with_nothing_lost()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        await _api.ChatAsync(token, id, "warm up");
        var key = $"burst-{Guid.NewGuid():N}";
        var words = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"w{i}"));
        // The first piece, then (released) nineteen more as fast as the emulator writes them.
        var message = $"burst {words} [[chunks:20]] [[chunk-interval:0]] [[hold:{key}]]";

        using var stream = new SseReader(await _api.SendAsync(token, id, message, stream: true));
        var first = (await stream.NextAsync())!;
        fixture.Gemini.Holds.Release(key);
        var rest = await stream.RestAsync();

        var deltas = rest.Where(e => e.Event == "delta").Prepend(first).ToList();
        var pieces = TurnApi.SequenceOf(deltas[^1].Id!) + 1;
        Assert.True(pieces >= 10 && deltas.Count < pieces, $"Expected pieces joined, got {deltas.Count} deltas for {pieces} pieces.");
        Assert.Equal(rest[^1].Data["message"]!["text"]!.GetValue<string>(), string.Concat(deltas.Select(e => e.Text)));
    }

    [Fact]
    public async Task A_stream_tells_geminis_time_to_its_first_event_in_Server_Timing_and_its_replay_and_its_follow_tell_none()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var message = $"timed stream {Guid.NewGuid():N} [[headers-first]] [[latency:300]] [[chunks:3]] [[chunk-interval:200]]";
        var key = Guid.NewGuid().ToString();

        var started = Stopwatch.GetTimestamp();
        var response = await _api.SendAsync(token, id, message, stream: true, key);
        using var stream = new SseReader(response);
        var first = await stream.NextAsync();
        var seen = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var done = (await stream.RestAsync())[^1];
        using var replay = await _api.SendAsync(token, id, message, stream: true, key);
        using var follow = await _api.FollowAsync(token, id, done.Data["turnId"]!.GetValue<string>());

        Assert.Equal("delta", first?.Event);
        var timing = response.Headers.GetValues("Server-Timing").Single();
        Assert.StartsWith("gemini-first;desc=\"Gemini's first event\";dur=", timing);
        var gemini = double.Parse(timing[(timing.LastIndexOf('=') + 1)..], CultureInfo.InvariantCulture);
        // The emulator sent its headers at once, waited 300 ms before its first piece and 200 more before each next:
        // the client saw the first after the model's wait for it, which is neither the wait for headers nor the whole stream's.
        Assert.InRange(gemini, 300, seen);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(replay.Headers.Contains("Server-Timing"));
        Assert.Equal(HttpStatusCode.OK, follow.StatusCode);
        Assert.False(follow.Headers.Contains("Server-Timing"));
    }

    [Fact]
    public async Task A_retry_that_joins_a_running_stream_and_a_follow_of_it_tell_no_Server_Timing()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var key = Guid.NewGuid().ToString();
        var hold = $"joined-{Guid.NewGuid():N}";
        var message = $"held stream {hold} [[chunks:3]] [[chunk-interval:0]] [[hold:{hold}]]";

        var sent = await _api.SendAsync(token, id, message, stream: true, key);
        using var sender = new SseReader(sent);
        var first = (await sender.NextAsync())!;
        // Both join the turn while Gemini holds its answer after the first piece: they waited for no model.
        var retried = await _api.SendAsync(token, id, message, stream: true, key);
        using var retry = new SseReader(retried);
        var followed = await _api.FollowAsync(token, id, TurnApi.TurnIdOf(first.Id!));
        using var follow = new SseReader(followed);
        fixture.Gemini.Holds.Release(hold);

        Assert.Equal("done", (await sender.RestAsync())[^1].Event);
        Assert.Equal("done", (await retry.RestAsync())[^1].Event);
        Assert.Equal("done", (await follow.RestAsync())[^1].Event);
        Assert.StartsWith("gemini-first;", sent.Headers.GetValues("Server-Timing").Single());
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(retried.Headers.Contains("Server-Timing"));
        Assert.False(followed.Headers.Contains("Server-Timing"));
    }

    [Fact]
    public void Adjacent_numbered_pieces_of_a_batch_join_under_the_last_number_and_nothing_else_does()
    {
        TurnEvent[] batch =
        [
            new TurnThought(0, "th"), new TurnThought(1, "ink"), new TurnText(2, "an"), new TurnText(3, "sw"),
            new TurnGrounding(4, null, null), new TurnText(5, "er"), new TurnText(null, " rest"), new TurnEnded(new ChatTurnResult(ChatTurnStatus.Replied)),
        ];

        var joined = TurnPieces.Joined(batch).ToList();

        Assert.Equal<TurnEvent>(
            [new TurnThought(1, "think"), new TurnText(3, "answ"), batch[4], new TurnText(5, "er"), batch[6], batch[7]], joined);
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
