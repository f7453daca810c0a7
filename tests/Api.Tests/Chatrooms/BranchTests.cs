using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>A chatroom is a tree: edit any question, regenerate any answer, switch branches, delete one.</summary>
[Collection(ChatCollection.Name)]
public sealed class BranchTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Editing_an_early_question_asks_that_branch_only_and_keeps_the_old_branch_whole()
    {
        var (token, id) = await ConversationAsync("early", turns: 10);

        var edited = await (await _api.EditAsync(token, id, 4, "early 2, asked again")).ReadJsonAsync(HttpStatusCode.OK);

        // The model saw the two turns before the edited question, and nothing of the old branch after it.
        Assert.Equal("Reply #3: early 2, asked again", edited["data"]!.GetValue<string>());
        var asked = fixture.Gemini.Requests.Containing("early 2, asked again")[^1].Turns;
        Assert.Equal(["early 0", "Reply #1: early 0", "early 1", "Reply #2: early 1", "early 2, asked again"], asked.Select(t => t.Text));
        Assert.Equal((21, 20), (edited["reply"]!["id"]!.GetValue<int>(), edited["reply"]!["parentId"]!.GetValue<int>()));

        var path = await _api.GetChatroomAsync(token, id);
        Assert.Equal([0, 1, 2, 3, 20, 21], Ids(path));
        Assert.Equal(6, path["paging"]!["totalMessages"]!.GetValue<int>());
        Assert.Equal((2, 2), Siblings(path["messages"]![4]!));
        Assert.Null(path["messages"]![0]!["parentId"]);
        Assert.Equal(3, path["messages"]![4]!["parentId"]!.GetValue<int>());
        Assert.Null(path["messages"]![3]!["siblings"]);

        // Back to the old branch: all twenty messages, as they were.
        var old = await SelectAsync(token, id, 4);
        Assert.Equal([.. Enumerable.Range(0, 20)], Ids(old));
        Assert.Equal((1, 2), Siblings(old["messages"]![4]!));
        Assert.Equal("Reply #10: early 9", old["messages"]![19]!["text"]!.GetValue<string>());
        Assert.Equal([.. Enumerable.Range(0, 20)], Ids(await _api.GetChatroomAsync(token, id)));
        // And forth again.
        Assert.Equal([0, 1, 2, 3, 20, 21], Ids(await SelectAsync(token, id, 20)));
    }

    [Fact]
    public async Task Regenerating_a_middle_answer_makes_its_sibling_and_a_send_continues_the_new_branch_or_a_chosen_one()
    {
        var (token, id) = await ConversationAsync("middle", turns: 3);

        var regenerated = await (await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/messages/3/regenerate", token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Reply #2: middle 1", regenerated["data"]!.GetValue<string>());
        Assert.Equal((6, 2), (regenerated["reply"]!["id"]!.GetValue<int>(), regenerated["reply"]!["parentId"]!.GetValue<int>()));
        Assert.Equal((2, 2), Siblings(regenerated["reply"]!));
        // For clients of before branches: the answer it sits beside is its version.
        Assert.Equal(3, regenerated["reply"]!["versions"]![0]!["id"]!.GetValue<int>());
        Assert.Equal([0, 1, 2, 6], Ids(await _api.GetChatroomAsync(token, id)));

        var next = await (await _api.SendAsync(token, id, "middle after the regenerate")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Reply #3: middle after the regenerate", next["data"]!.GetValue<string>());
        Assert.Equal(["middle 0", "Reply #1: middle 0", "middle 1", "Reply #2: middle 1", "middle after the regenerate"],
            fixture.Gemini.Requests.Containing("middle after the regenerate")[^1].Turns.Select(t => t.Text));

        // A send after a chosen answer continues that branch and makes it current.
        var chosen = await (await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/message", token, new { message = "middle on the old branch", parentId = 5 }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Reply #4: middle on the old branch", chosen["data"]!.GetValue<string>());
        Assert.Equal([0, 1, 2, 3, 4, 5, 9, 10], Ids(await _api.GetChatroomAsync(token, id)));

        var afterQuestion = await (await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/message", token, new { message = "x", parentId = 4 }))
            .ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("question", afterQuestion["detail"]!.GetValue<string>());
        await (await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/message", token, new { message = "x", parentId = 99 })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/messages/4/regenerate", token)).ReadProblemAsync(HttpStatusCode.Conflict);
        await (await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/messages/99/regenerate", token)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.EditAsync(token, id, 5, "an answer")).ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Deleting_a_branch_erases_it_moves_the_current_path_to_a_sibling_and_never_removes_the_only_path()
    {
        var (token, id) = await ConversationAsync("prune", turns: 2);
        await (await _api.EditAsync(token, id, 2, "prune zebra branch")).ReadJsonAsync(HttpStatusCode.OK);
        await _api.SendAsync(token, id, "prune zebra follow-up");

        var onlyChild = await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{id}/messages/0", null, token)).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("no sibling", onlyChild["detail"]!.GetValue<string>());
        Assert.NotEmpty(await HitsAsync(token, "zebra"));

        using var deleted = await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{id}/messages/4", null, token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var path = await _api.GetChatroomAsync(token, id);
        Assert.Equal([0, 1, 2, 3], Ids(path));
        Assert.Null(path["messages"]![2]!["siblings"]);
        Assert.Empty(await HitsAsync(token, "zebra"));
        await (await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/messages/6/select", token)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{id}/messages/4", null, token)).ReadProblemAsync(HttpStatusCode.NotFound);
        // Nothing of the deleted branch is in the history a next turn sends.
        await _api.SendAsync(token, id, "prune after");
        Assert.Equal(["prune 0", "Reply #1: prune 0", "prune 1", "Reply #2: prune 1", "prune after"],
            fixture.Gemini.Requests.Containing("prune after")[^1].Turns.Select(t => t.Text));
    }

    [Fact]
    public async Task A_search_finds_text_on_a_branch_that_is_not_current_and_names_the_message_to_select()
    {
        var (token, id) = await ConversationAsync("search", turns: 2);
        await _api.SendAsync(token, id, "search about a quokka");
        await (await _api.EditAsync(token, id, 4, "search about a wombat")).ReadJsonAsync(HttpStatusCode.OK);

        var hit = Assert.Single(await HitsAsync(token, "quokka"), h => h!["role"]!.GetValue<string>() == "User")!;

        Assert.Equal(4, hit["messageId"]!.GetValue<int>());
        var selected = await SelectAsync(token, id, hit["messageId"]!.GetValue<int>());
        Assert.Equal("search about a quokka", selected["messages"]![4]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_export_carries_every_branch_with_parents_and_the_current_leaf_and_nothing_deleted()
    {
        var (token, id) = await ConversationAsync("export", turns: 2);
        await (await _api.EditAsync(token, id, 2, "export kept branch")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.EditAsync(token, id, 2, "export deleted branch")).ReadJsonAsync(HttpStatusCode.OK);
        using (var deleted = await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{id}/messages/6", null, token))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await SelectAsync(token, id, 4);

        var text = await (await _api.GetAsync("/user/export", token)).Content.ReadAsStringAsync();
        var chatroom = JsonNode.Parse(text)!["chatrooms"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == id)!;

        var messages = chatroom["messages"]!.AsArray();
        Assert.Equal([0, 1, 2, 3, 4, 5], messages.Select(m => m!["id"]!.GetValue<int>()));
        Assert.Equal([null, 0, 1, 2, 1, 4], messages.Select(m => m!["parentId"]?.GetValue<int>()));
        Assert.Equal(5, chatroom["leafId"]!.GetValue<int>());
        Assert.DoesNotContain("export deleted branch", text);
    }

    internal async Task<(string Token, string Id)> ConversationAsync(string tag, int turns)
    {
        var (user, token) = await _api.NewSessionAsync();
        await MakeProAsync(fixture, user.Id);
        var id = await _api.CreateChatroomAsync(token);
        for (var i = 0; i < turns; i++)
        {
            await _api.ChatAsync(token, id, $"{tag} {i}");
        }

        return (token, id);
    }

    /// <summary>Pro has no daily limit, so a conversation of twenty messages fits in one test day.</summary>
    internal static Task MakeProAsync(ChatFixture fixture, string userId) =>
        fixture.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISubscriptionGrain>($"sub_{Guid.NewGuid():N}")
            .ApplyChangeAsync(new SubscriptionChange(userId, null, "active", null, false, DateTimeOffset.UtcNow));

    internal async Task<JsonNode> SelectAsync(string token, string id, int messageId) =>
        (await (await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/messages/{messageId}/select", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    private async Task<List<JsonNode?>> HitsAsync(string token, string query) =>
        [.. (await (await _api.GetAsync($"/chatroom/search?q={query}", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["results"]!.AsArray()
            .SelectMany(r => r!["hits"]!.AsArray()).Where(h => h!["sequence"] is not null)];

    internal static List<int> Ids(JsonNode chatroom) => [.. chatroom["messages"]!.AsArray().Select(m => m!["id"]!.GetValue<int>())];

    internal static (int, int) Siblings(JsonNode message) =>
        (message["siblings"]!["index"]!.GetValue<int>(), message["siblings"]!["count"]!.GetValue<int>());
}
