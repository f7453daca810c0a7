using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

[Collection(ChatCollection.Name)]
public sealed class ChatroomTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Creating_a_chatroom_returns_201_with_the_contracts_shape()
    {
        var (user, token) = await _api.NewSessionAsync();

        var response = await _api.PostJsonAsync("/chatroom", new { title = "  Trip to Goa  " }, token);
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("Chatroom created successfully", body.Message());
        var data = body["data"]!;
        Assert.Equal(["archived", "createdAt", "folderId", "id", "messages", "pinned", "settings", "temporary", "title", "updatedAt", "userId"],
            data.AsObject().Select(p => p.Key).Order());
        Assert.Equal("Trip to Goa", data["title"]!.GetValue<string>());
        Assert.Equal(user.Id, data["userId"]!.GetValue<string>());
        Assert.Empty(data["messages"]!.AsArray());
    }

    [Fact]
    public async Task A_chatroom_created_without_a_body_gets_a_default_title()
    {
        var (_, token) = await _api.NewSessionAsync();

        var id = await _api.CreateChatroomAsync(token);

        Assert.Equal("New chat", (await _api.GetChatroomAsync(token, id))["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_title_over_200_characters_is_400()
    {
        var (_, token) = await _api.NewSessionAsync();

        var response = await _api.PostJsonAsync("/chatroom", new { title = new string('t', 201) }, token);

        Assert.NotNull((await response.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["title"]);
    }

    [Fact]
    public async Task The_list_is_ordered_by_latest_activity_and_fresh_after_every_change()
    {
        var (_, token) = await _api.NewSessionAsync();
        var first = await _api.CreateChatroomAsync(token, "first");
        var second = await _api.CreateChatroomAsync(token, "second");
        var third = await _api.CreateChatroomAsync(token, "third");

        var afterCreate = await ListAsync(token);
        await _api.ChatAsync(token, first, "hello");
        var afterMessage = await ListAsync(token);
        await (await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{second}", JsonContent(new { title = "renamed" }), token)).ReadJsonAsync(HttpStatusCode.OK);
        var afterRename = await ListAsync(token);
        await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{third}", null, token)).ReadJsonAsync(HttpStatusCode.OK);
        var afterDelete = await ListAsync(token);

        Assert.Equal([third, second, first], afterCreate.Select(c => c.Id));
        Assert.Equal([first, third, second], afterMessage.Select(c => c.Id));
        Assert.Equal([second, first, third], afterRename.Select(c => c.Id));
        Assert.Equal("renamed", afterRename[0].Title);
        Assert.Equal([second, first], afterDelete.Select(c => c.Id));
    }

    [Fact]
    public async Task The_list_carries_count_beside_data()
    {
        var (_, token) = await _api.NewSessionAsync();
        await _api.CreateChatroomAsync(token);
        await _api.CreateChatroomAsync(token);

        var body = await (await _api.GetAsync("/chatroom", token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Chatrooms fetched successfully", body.Message());
        Assert.Equal(2, body["count"]!.GetValue<int>());
        Assert.Equal(["archived", "folderId", "id", "pinned", "temporary", "title", "updatedAt"], body["data"]![0]!.AsObject().Select(p => p.Key).Order());
        Assert.Null(body["nextCursor"]);
    }

    [Fact]
    public async Task Another_users_chatroom_is_404_for_every_endpoint_and_stays_untouched()
    {
        var (_, ownerToken) = await _api.NewSessionAsync();
        var (_, strangerToken) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(ownerToken, "private");

        var responses = new[]
        {
            await _api.GetAsync($"/chatroom/{id}", strangerToken),
            await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}", JsonContent(new { title = "mine now" }), strangerToken),
            await _api.SendMessageAsync(strangerToken, id, "hello"),
            await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{id}", null, strangerToken),
        };

        foreach (var response in responses)
        {
            Assert.Equal("Chatroom not found.", (await response.ReadProblemAsync(HttpStatusCode.NotFound)).Message());
        }

        var chatroom = await _api.GetChatroomAsync(ownerToken, id);
        Assert.Equal("private", chatroom["title"]!.GetValue<string>());
        Assert.Empty(chatroom["messages"]!.AsArray());
        Assert.Empty(await ListAsync(strangerToken));
    }

    [Fact]
    public async Task A_missing_chatroom_is_404()
    {
        var (_, token) = await _api.NewSessionAsync();

        await (await _api.GetAsync($"/chatroom/{Guid.NewGuid()}", token)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendMessageAsync(token, Guid.NewGuid().ToString(), "hi")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_deleted_chatroom_is_gone()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        await _api.ChatAsync(token, id, "remember this");

        var deleted = await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{id}", null, token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Chatroom deleted successfully", deleted.Message());
        await (await _api.GetAsync($"/chatroom/{id}", token)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendMessageAsync(token, id, "hello?")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Renaming_needs_a_title()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        var response = await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}", JsonContent(new { title = "   " }), token);

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_null_title_is_named_as_the_mistake_and_an_empty_body_changes_nothing()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token, "Kept");

        var nullTitle = await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}", new StringContent("""{"title":null}""", System.Text.Encoding.UTF8, "application/json"), token);
        var empty = await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}", JsonContent(new { }), token);

        var problem = await nullTitle.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("null", problem["errors"]!["title"]![0]!.GetValue<string>());
        Assert.Contains("Nothing to change", (await empty.ReadProblemAsync(HttpStatusCode.BadRequest)).Message());
        Assert.Equal("Kept", (await _api.GetChatroomAsync(token, id))["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chatrooms_require_a_token()
    {
        await (await _api.GetAsync("/chatroom")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.PostJsonAsync("/chatroom", new { title = "x" })).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    [InlineData("?before=-1")]
    [InlineData("?before=abc")]
    public async Task Bad_paging_parameters_are_400(string query)
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        await (await _api.GetAsync($"/chatroom/{id}{query}", token)).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<List<(string Id, string Title)>> ListAsync(string token)
    {
        var body = await (await _api.GetAsync("/chatroom", token)).ReadJsonAsync(HttpStatusCode.OK);
        return [.. body["data"]!.AsArray().Select(c => (c!["id"]!.GetValue<string>(), c["title"]!.GetValue<string>()))];
    }

    private static HttpContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body);
}
