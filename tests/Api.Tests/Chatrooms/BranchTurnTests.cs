using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>Turns on branches keep what turns promise: order, idempotent retries, resumable streams.</summary>
[Collection(ChatCollection.Name)]
public sealed class BranchTurnTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();
    private readonly BranchTests _branches = new(fixture);

    [Fact]
    public async Task Concurrent_edits_of_two_branches_take_their_turns_in_the_order_they_arrived()
    {
        var (token, id) = await _branches.ConversationAsync("order", turns: 3);
        var hold = $"order-{Guid.NewGuid():N}";

        var first = _api.EditAsync(token, id, 2, $"order first [[hold:{hold}]]");
        await Eventually.HoldsAsync(() => fixture.Gemini.Holds.IsHolding(hold));
        var second = _api.EditAsync(token, id, 4, "order second");
        // The second waits behind the first, which Gemini holds: it has not been asked yet.
        Assert.Empty(fixture.Gemini.Requests.Containing("order second"));
        fixture.Gemini.Holds.Release(hold);

        var a = await (await first).ReadJsonAsync(HttpStatusCode.OK);
        var b = await (await second).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((7, 9), (a["reply"]!["id"]!.GetValue<int>(), b["reply"]!["id"]!.GetValue<int>()));
        // Each was asked with its own branch's history.
        Assert.Equal(["order 0", "Reply #1: order 0", "order 1", "Reply #2: order 1", "order second"], fixture.Gemini.Requests.Containing("order second")[^1].Turns.Select(t => t.Text));
        Assert.Equal([0, 1, 2, 3, 8, 9], BranchTests.Ids(await _api.GetChatroomAsync(token, id)));
    }

    [Fact]
    public async Task A_turn_on_a_branch_that_is_no_longer_current_resumes_after_its_last_event_id()
    {
        var (token, id) = await _branches.ConversationAsync("resume", turns: 2);
        var held = HeldAnswer.Of("resume branch");
        var message = held.Message;

        using var first = new SseReader(await _api.TurnAsync(HttpMethod.Patch, $"/chatroom/{id}/messages/2", token, new { message }, stream: true));
        var seen = new List<SseEvent> { (await first.NextAsync())! };
        first.Dispose();
        var turnId = TurnApi.TurnIdOf(seen[^1].Id!);
        fixture.Gemini.Holds.Release(held.Key);
        await Eventually.HoldsAsync(async () => (await _api.GetChatroomAsync(token, id))["generating"] is null);
        // The edit's branch stops being the current one.
        Assert.Equal([0, 1, 2, 3], BranchTests.Ids(await _branches.SelectAsync(token, id, 2)));

        using var resumed = new SseReader(await _api.FollowAsync(token, id, turnId, lastEventId: seen[^1].Id));
        var rest = await resumed.RestAsync();

        Assert.Equal("done", rest[^1].Event);
        // The turn ended while nobody read it: the rest comes as its stored answer, on the branch it was asked on.
        Assert.Equal($"Reply #2: {message}", rest[^1].Data["message"]!["text"]!.GetValue<string>());
        Assert.Equal((5, 4), (rest[^1].Data["message"]!["id"]!.GetValue<int>(), rest[^1].Data["message"]!["parentId"]!.GetValue<int>()));
        Assert.StartsWith(string.Concat(seen.Select(e => e.Text)), rest[^1].Data["message"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retrying_an_edit_or_a_regenerate_with_its_key_answers_the_same_turn_without_asking_again()
    {
        var (token, id) = await _branches.ConversationAsync("retry", turns: 3);
        var key = Guid.NewGuid().ToString();

        var edit = await (await _api.TurnAsync(HttpMethod.Patch, $"/chatroom/{id}/messages/2", token, new { message = "retry edited" }, idempotencyKey: key))
            .ReadJsonAsync(HttpStatusCode.OK);
        using var again = await _api.TurnAsync(HttpMethod.Patch, $"/chatroom/{id}/messages/2", token, new { message = "retry edited" }, idempotencyKey: key);
        var replayed = await again.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(edit["turn"]!["id"]!.GetValue<string>(), replayed["turn"]!["id"]!.GetValue<string>());
        Assert.Equal((7, 6), (replayed["reply"]!["id"]!.GetValue<int>(), replayed["reply"]!["parentId"]!.GetValue<int>()));
        Assert.Single(fixture.Gemini.Requests.Containing("retry edited"));

        // A regenerate of an earlier answer stores the answer alone, away from its question: its retry still finds both.
        var regenerateKey = Guid.NewGuid().ToString();
        var regenerated = await (await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/messages/3/regenerate", token, idempotencyKey: regenerateKey))
            .ReadJsonAsync(HttpStatusCode.OK);
        var regeneratedAgain = await (await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/messages/3/regenerate", token, idempotencyKey: regenerateKey))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((8, 2), (regeneratedAgain["reply"]!["id"]!.GetValue<int>(), regeneratedAgain["reply"]!["parentId"]!.GetValue<int>()));
        Assert.Equal(regenerated["data"]!.GetValue<string>(), regeneratedAgain["data"]!.GetValue<string>());
        Assert.Equal([0, 1, 2, 8], BranchTests.Ids(await _api.GetChatroomAsync(token, id)));
    }
}
