using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>A stop aborts the Gemini call, keeps what was written, ends every stream, and charges only for text.</summary>
[Collection(ChatCollection.Name)]
public sealed class StopTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_stop_before_the_first_token_aborts_the_call_stores_nothing_and_charges_nothing()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        // Gemini holds its answer until the stop aborts the call (never released): the stop comes first by cause.
        var message = $"stop-early [[hold:{Guid.NewGuid():N}]]";
        var sending = _api.SendAsync(token, id, message);
        var turnId = (await _api.WaitUntilGeneratingAsync(token, id))["turnId"]!.GetValue<string>();
        await Eventually.HoldsAsync(() => fixture.Gemini.Requests.Containing(message).Count == 1);

        var stop = await (await _api.StopAsync(token, id, turnId)).ReadJsonAsync(HttpStatusCode.OK);
        using var sent = await sending;
        var answer = await sent.ReadJsonAsync(HttpStatusCode.OK);

        Assert.True(stop["data"]!["stopped"]!.GetValue<bool>());
        Assert.Equal(turnId, stop["data"]!["turnId"]!.GetValue<string>());
        Assert.Null(stop["data"]!["message"]);
        Assert.Equal("stopped", answer["turn"]!["status"]!.GetValue<string>());
        Assert.Equal("", answer["data"]!.GetValue<string>());
        await Eventually.HoldsAsync(() => fixture.Gemini.Requests.Containing(message).Single().Aborted);
        Assert.Empty((await _api.GetChatroomAsync(token, id)).Messages());
        Assert.Equal("5", sent.Headers.GetValues("RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task A_stop_mid_stream_keeps_the_partial_answer_marked_stopped_and_ends_the_stream_with_done()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        // Held after its first piece and never released: the stop comes mid-answer by cause.
        var message = HeldAnswer.Of($"stop-mid {Guid.NewGuid():N}").Message;
        using var stream = new SseReader(await _api.SendAsync(token, id, message, stream: true));
        var firstEvent = (await stream.NextAsync())!;
        var turnId = TurnApi.TurnIdOf(firstEvent.Id!);

        var stop = await (await _api.StopAsync(token, id, turnId)).ReadJsonAsync(HttpStatusCode.OK);
        var rest = await stream.RestAsync();

        var kept = stop["data"]!["message"]!;
        var partial = kept["text"]!.GetValue<string>();
        Assert.True(kept["stopped"]!.GetValue<bool>());
        Assert.StartsWith(partial, $"Reply #1: {message}");
        Assert.NotEqual($"Reply #1: {message}", partial);
        var done = rest[^1];
        Assert.Equal("done", done.Event);
        Assert.True(done.Data["stopped"]!.GetValue<bool>());
        Assert.Equal(partial, done.Data["message"]!["text"]!.GetValue<string>());
        await Eventually.HoldsAsync(() => fixture.Gemini.Requests.Containing(message).Single().Aborted);

        var stored = (await _api.GetChatroomAsync(token, id))["messages"]!.AsArray();
        Assert.Equal(2, stored.Count);
        Assert.Equal(partial, stored[1]!["text"]!.GetValue<string>());
        Assert.True(stored[1]!["stopped"]!.GetValue<bool>());
        // A stopped answer with text is a turn like any other: it counts.
        var status = await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, status["data"]!["usage"]!["used"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stopping_is_idempotent_and_another_users_turn_is_not_found()
    {
        var (_, token) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var turnId = (await (await _api.SendAsync(token, id, "already over")).ReadJsonAsync(HttpStatusCode.OK))["turn"]!["id"]!.GetValue<string>();

        var again = await (await _api.StopAsync(token, id, turnId)).ReadJsonAsync(HttpStatusCode.OK);
        var nothing = await (await _api.StopAsync(token, id)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.False(again["data"]!["stopped"]!.GetValue<bool>());
        Assert.Equal(turnId, again["data"]!["turnId"]!.GetValue<string>());
        Assert.False(nothing["data"]!["stopped"]!.GetValue<bool>());
        await (await _api.StopAsync(stranger, id, turnId)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.StopAsync(stranger, id)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.StopAsync(token, id, Guid.NewGuid().ToString("N"))).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2, (await _api.GetChatroomAsync(token, id)).Messages().Count);
    }

    [Fact]
    public async Task A_stop_and_a_send_at_once_stop_the_running_turn_and_the_send_runs_after_it()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var slow = $"slow [[hold:{Guid.NewGuid():N}]]";
        var sendingSlow = _api.SendAsync(token, id, slow);
        var running = (await _api.WaitUntilGeneratingAsync(token, id))["turnId"]!.GetValue<string>();

        var next = _api.SendAsync(token, id, "the next question");
        var stop = await (await _api.StopAsync(token, id)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(running, stop["data"]!["turnId"]!.GetValue<string>());
        Assert.Equal("stopped", (await (await sendingSlow).ReadJsonAsync(HttpStatusCode.OK))["turn"]!["status"]!.GetValue<string>());
        Assert.Equal("Reply #1: the next question", (await (await next).ReadJsonAsync(HttpStatusCode.OK))["data"]!.GetValue<string>());
        Assert.Equal([("User", "the next question"), ("AI", "Reply #1: the next question")], (await _api.GetChatroomAsync(token, id)).Messages());
    }

    [Fact]
    public async Task Every_open_stream_of_a_stopped_turn_ends_with_done()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        using var sender = new SseReader(await _api.SendAsync(token, id, HeldAnswer.Of("two readers").Message, stream: true));
        var turnId = TurnApi.TurnIdOf((await sender.NextAsync())!.Id!);
        using var follower = new SseReader(await _api.FollowAsync(token, id, turnId));
        await follower.NextAsync();

        await (await _api.StopAsync(token, id, turnId)).ReadJsonAsync(HttpStatusCode.OK);

        foreach (var events in new[] { await sender.RestAsync(), await follower.RestAsync() })
        {
            Assert.Equal("done", events[^1].Event);
            Assert.True(events[^1].Data["stopped"]!.GetValue<bool>());
        }
    }
}
