using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>A turn has an id, shows while it generates, and its events can be followed again from where a reader left.</summary>
[Collection(ChatCollection.Name)]
public sealed class TurnResumeTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_json_answer_names_its_turn_in_a_member_and_a_location_header()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        using var response = await _api.SendAsync(token, id, "name this turn");
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);

        var turnId = body["turn"]!["id"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{32}$", turnId);
        Assert.Equal("completed", body["turn"]!["status"]!.GetValue<string>());
        Assert.Equal($"/chatroom/{id}/turns/{turnId}/events", body["turn"]!["events"]!.GetValue<string>());
        Assert.Equal($"/chatroom/{id}/turns/{turnId}/events", response.Headers.Location?.OriginalString);
        Assert.Equal(turnId, body["reply"]!["turnId"]!.GetValue<string>());
        Assert.Equal("Reply #1: name this turn", body["data"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_streamed_event_carries_the_turn_id_and_its_sequence()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        // Pieces further apart than the gateway gathers them, so each goes out on its own.
        using var stream = new SseReader(await _api.SendAsync(token, id, "one two three four five six [[chunks:6]] [[chunk-interval:120]]", stream: true));
        var events = await stream.RestAsync();

        var live = events.Where(e => e.Event == "delta").ToList();
        Assert.True(live.Count >= 2, $"Expected several deltas, got {live.Count}");
        var turnId = TurnApi.TurnIdOf(live[0].Id!);
        Assert.All(live, e => Assert.Equal(turnId, TurnApi.TurnIdOf(e.Id!)));
        // One sequence, rising: pieces gathered into one delta go out under the last one's number.
        var sequences = live.Select(e => TurnApi.SequenceOf(e.Id!)).ToList();
        Assert.Equal(sequences.Distinct().Order(), sequences);
        Assert.Equal("done", events[^1].Event);
        Assert.Equal(turnId, events[^1].Data["turnId"]!.GetValue<string>());
        Assert.Equal(events[^1].Data["message"]!["text"]!.GetValue<string>(), string.Concat(live.Select(e => e.Data["text"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_reader_resumes_after_its_last_event_id_and_gets_the_rest_live_then_done()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var held = HeldAnswer.Of("resume");
        var message = held.Message;

        var sent = await _api.SendAsync(token, id, message, stream: true);
        Assert.DoesNotContain("identity", sent.Content.Headers.ContentEncoding);
        using var first = new SseReader(sent);
        var seen = new List<SseEvent> { (await first.NextAsync())! };
        // The first reader goes away (a dropped connection); the turn does not.
        first.Dispose();
        var turnId = TurnApi.TurnIdOf(seen[^1].Id!);

        // Nothing follows the last event seen until Gemini goes on, and the stream's headers come with its first event.
        var resuming = _api.FollowAsync(token, id, turnId, lastEventId: seen[^1].Id);
        fixture.Gemini.Holds.Release(held.Key);
        var followed = await resuming;
        // RFC 9110 (8.4.1): identity is never sent in Content-Encoding, though ASP.NET Core's event stream result sets it.
        Assert.DoesNotContain("identity", followed.Content.Headers.ContentEncoding);
        using var resumed = new SseReader(followed);
        var rest = await resumed.RestAsync();

        Assert.Equal("done", rest[^1].Event);
        var answer = rest[^1].Data["message"]!["text"]!.GetValue<string>();
        Assert.Equal($"Reply #1: {message}", answer);
        Assert.Equal(answer, string.Concat(seen.Concat(rest).Where(e => e.Event == "delta").Select(e => e.Text)));
        Assert.Equal(("AI", answer), (await _api.GetChatroomAsync(token, id)).Messages()[^1]);
    }

    [Fact]
    public async Task A_reader_that_attaches_without_an_event_id_gets_the_text_so_far_then_the_rest()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var held = HeldAnswer.Of("attach");
        var message = held.Message;
        using var sender = new SseReader(await _api.SendAsync(token, id, message, stream: true));

        var generating = await _api.WaitUntilGeneratingAsync(token, id, g => g["content"]!.GetValue<string>().Length > 0);
        using var follower = new SseReader(await _api.FollowAsync(token, id, generating["turnId"]!.GetValue<string>()));
        fixture.Gemini.Holds.Release(held.Key);
        var events = await follower.RestAsync();

        var answer = $"Reply #1: {message}";
        Assert.Equal("generating", generating["status"]!.GetValue<string>());
        Assert.Equal(message, generating["question"]!.GetValue<string>());
        Assert.StartsWith(generating["content"]!.GetValue<string>(), answer);
        Assert.Equal(answer, string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Text)));
        Assert.Equal("done", events[^1].Event);
        Assert.Equal(answer, (await sender.RestAsync())[^1].Data["message"]!["text"]!.GetValue<string>());
        Assert.Null((await _api.GetChatroomAsync(token, id))["generating"]);
    }

    [Fact]
    public async Task After_the_turn_ended_its_events_replay_the_stored_answer()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var body = await (await _api.SendAsync(token, id, "replay me later")).ReadJsonAsync(HttpStatusCode.OK);
        var turnId = body["turn"]!["id"]!.GetValue<string>();

        using var fromStart = new SseReader(await _api.FollowAsync(token, id, turnId));
        var all = await fromStart.RestAsync();
        using var afterSome = new SseReader(await _api.FollowAsync(token, id, turnId, lastEventId: $"{turnId}:1"));
        var rest = await afterSome.RestAsync();

        Assert.Equal(["delta", "done"], all.Select(e => e.Event));
        Assert.Equal("Reply #1: replay me later", all[0].Text);
        Assert.Equal(["done"], rest.Select(e => e.Event));
        Assert.Equal("Reply #1: replay me later", rest[0].Data["message"]!["text"]!.GetValue<string>());
    }

    /// <summary>
    /// The retry <c>@microsoft/fetch-event-source</c> makes after a dropped stream: the same POST with the same
    /// Idempotency-Key and the last event id it saw. Once the turn has ended it must continue after that event, as the
    /// resume route does, never send the whole answer again on top of the text the client already holds.
    /// </summary>
    [Fact]
    public async Task A_browser_retry_of_an_ended_turn_continues_after_its_last_event_id()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var key = Guid.NewGuid().ToString();
        // Pieces further apart than the gateway gathers them, so the client holds several ids.
        const string message = "one two three four five six seven eight [[chunks:6]] [[chunk-interval:120]]";

        using var first = new SseReader(await _api.SendAsync(token, id, message, stream: true, idempotencyKey: key));
        var original = await first.RestAsync();
        var deltas = original.Where(e => e.Event == "delta" && e.Id is not null).ToList();
        Assert.True(deltas.Count >= 3, $"Expected several deltas, got {deltas.Count}");
        var held = deltas.Take(2).ToList();
        var lastSeen = held[^1].Id!;

        using var retry = await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/message", token, new { message }, stream: true,
            idempotencyKey: key, lastEventId: lastSeen);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(retry.Content.Headers.ContentEncoding.Contains("identity"), "Content-Encoding: identity must not be sent (RFC 9110).");
        using var resumed = new SseReader(retry);
        var rest = await resumed.RestAsync();

        var answer = $"Reply #1: {message}";
        Assert.Equal(["done"], rest.Select(e => e.Event));
        Assert.Equal(answer, rest[^1].Data["message"]!["text"]!.GetValue<string>());
        Assert.Equal(string.Concat(held.Select(e => e.Text)), string.Concat(held.Concat(rest).Where(e => e.Event == "delta").Select(e => e.Text)));

        // Without an event id the retry replays from the start, with ids a later retry can name.
        using var fromStart = new SseReader(await _api.SendAsync(token, id, message, stream: true, idempotencyKey: key));
        var all = await fromStart.RestAsync();
        Assert.Equal(["delta", "done"], all.Select(e => e.Event));
        Assert.Equal(answer, all[0].Text);
        Assert.Equal(TurnApi.TurnIdOf(lastSeen), TurnApi.TurnIdOf(all[0].Id!));
    }

    [Fact]
    public async Task Another_users_turn_an_unknown_turn_and_a_foreign_event_id_are_refused()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(owner);
        var turnId = (await (await _api.SendAsync(owner, id, "mine")).ReadJsonAsync(HttpStatusCode.OK))["turn"]!["id"]!.GetValue<string>();

        await (await _api.FollowAsync(stranger, id, turnId)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.FollowAsync(owner, id, Guid.NewGuid().ToString("N"))).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.FollowAsync(owner, id, "not-a-turn")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.FollowAsync(owner, id, turnId, lastEventId: $"{Guid.NewGuid():N}:3")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await _api.FollowAsync(owner, id, turnId, lastEventId: $"{turnId}:x")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_retry_with_the_key_of_a_running_turn_answers_that_turn_without_asking_gemini_again()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        // A plain send asks Gemini for the whole answer at once: the emulator's latency keeps it running.
        var message = $"retry-running {Guid.NewGuid():N} [[latency:1500]]";
        var key = Guid.NewGuid().ToString();
        var first = _api.SendAsync(token, id, message, idempotencyKey: key);
        await _api.WaitUntilGeneratingAsync(token, id);

        using var retry = await _api.SendAsync(token, id, message, idempotencyKey: key);
        var retried = await retry.ReadJsonAsync(HttpStatusCode.OK);
        var original = await (await first).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(original["turn"]!["id"]!.GetValue<string>(), retried["turn"]!["id"]!.GetValue<string>());
        Assert.Equal(original["data"]!.GetValue<string>(), retried["data"]!.GetValue<string>());
        Assert.Single(fixture.Gemini.Requests.Containing("retry-running"));
        Assert.Equal(2, (await _api.GetChatroomAsync(token, id)).Messages().Count);
    }

    [Fact]
    public async Task A_streamed_retry_with_the_key_of_a_running_turn_follows_it_live()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var held = HeldAnswer.Of("retry-stream");
        var message = held.Message;
        var key = Guid.NewGuid().ToString();
        using var first = new SseReader(await _api.SendAsync(token, id, message, stream: true, idempotencyKey: key));
        await first.NextAsync();

        using var retry = new SseReader(await _api.SendAsync(token, id, message, stream: true, idempotencyKey: key));
        fixture.Gemini.Holds.Release(held.Key);
        var events = await retry.RestAsync();
        var firstEvents = await first.RestAsync();
        var original = firstEvents[^1].Data;

        Assert.True(original["turnId"] is not null, string.Join("\n", firstEvents.Select(e => $"{e.Event} {e.Id} {e.Data.ToJsonString()}")));
        var turnId = original["turnId"]!.GetValue<string>();
        Assert.True(events.Count(e => e.Event == "delta") > 1, "Expected the answer live, in pieces.");
        Assert.All(events.Where(e => e.Event == "delta"), e => Assert.StartsWith($"{turnId}:", e.Id));
        Assert.Equal(original["message"]!["text"]!.GetValue<string>(), string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Text)));
        Assert.Single(fixture.Gemini.Requests.Containing("retry-stream"));
    }
}
