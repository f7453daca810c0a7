using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>Regenerate and edit of the last turn, as clients of before branches use them: what they redo is listed among the versions.</summary>
[Collection(ChatCollection.Name)]
public sealed class RegenerateAndEditTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Regenerate_replaces_the_last_answer_and_keeps_the_old_one_as_a_version()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        await _api.ChatAsync(token, id, "first");
        var original = await (await _api.SendAsync(token, id, "second")).ReadJsonAsync(HttpStatusCode.OK);

        using var response = await _api.RegenerateAsync(token, id);
        var regenerated = await response.ReadJsonAsync(HttpStatusCode.OK);

        var newTurn = regenerated["turn"]!["id"]!.GetValue<string>();
        Assert.NotEqual(original["turn"]!["id"]!.GetValue<string>(), newTurn);
        // Asked again with the history before it: the emulator counts two user turns, as the first time.
        Assert.Equal("Reply #2: second", regenerated["data"]!.GetValue<string>());
        var versions = regenerated["reply"]!["versions"]!.AsArray();
        Assert.Single(versions);
        Assert.Equal(original["turn"]!["id"]!.GetValue<string>(), versions[0]!["turnId"]!.GetValue<string>());
        Assert.Equal("2", response.Headers.GetValues("RateLimit-Remaining").Single());

        var messages = (await _api.GetChatroomAsync(token, id))["messages"]!.AsArray();
        Assert.Equal(4, messages.Count);
        Assert.Equal("second", messages[2]!["text"]!.GetValue<string>());
        Assert.Equal(newTurn, messages[3]!["turnId"]!.GetValue<string>());
        Assert.Equal(original["reply"]!["timestamp"]!.GetValue<DateTime>(), messages[3]!["versions"]![0]!["timestamp"]!.GetValue<DateTime>());
        var asked = fixture.Gemini.Requests.Containing("second")[^1].Turns;
        Assert.Equal(["first", "Reply #1: first", "second"], asked.Select(t => t.Text));
    }

    [Fact]
    public async Task Editing_the_last_question_asks_the_new_text_and_keeps_both_old_messages_as_versions()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        await _api.ChatAsync(token, id, "what is 2+2");

        var edited = await (await _api.EditAsync(token, id, 0, "what is 3+3")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Reply #1: what is 3+3", edited["data"]!.GetValue<string>());
        var messages = (await _api.GetChatroomAsync(token, id))["messages"]!.AsArray();
        Assert.Equal(2, messages.Count);
        Assert.Equal("what is 3+3", messages[0]!["text"]!.GetValue<string>());
        Assert.Equal("what is 2+2", messages[0]!["versions"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Reply #1: what is 2+2", messages[1]!["versions"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Editing_an_answer_is_a_409_a_missing_message_a_404_and_an_empty_chatroom_has_nothing_to_regenerate()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        await (await _api.RegenerateAsync(token, id)).ReadProblemAsync(HttpStatusCode.Conflict);
        await _api.ChatAsync(token, id, "one");
        await _api.ChatAsync(token, id, "two");

        // Editing an earlier question is a branch now (BranchTests); an answer is still not a question.
        var answer = await (await _api.EditAsync(token, id, 1, "an answer is not a question")).ReadProblemAsync(HttpStatusCode.Conflict);
        await (await _api.EditAsync(token, id, 9, "nowhere")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.EditAsync(token, id, 2, "")).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("answer", answer["detail"]!.GetValue<string>());
        Assert.Equal(["one", "Reply #1: one", "two", "Reply #2: two"], (await _api.GetChatroomAsync(token, id)).Messages().Select(m => m.Text));
    }

    [Fact]
    public async Task A_regenerate_streams_like_a_send()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        await _api.ChatAsync(token, id, "stream the regenerated one");

        using var stream = new SseReader(await _api.RegenerateAsync(token, id, stream: true));
        var events = await stream.RestAsync();

        Assert.Equal("done", events[^1].Event);
        Assert.Equal("Reply #1: stream the regenerated one", string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Text)));
        Assert.Single(events[^1].Data["message"]!["versions"]!.AsArray());
    }
}
