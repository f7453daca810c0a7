using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>POST /chatroom/:id/title: a new title on the owner's request, over any title, charged to nobody.</summary>
[Collection(TitleCollection.Name)]
public sealed class RetitleTests(TitleFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Asking_for_a_title_replaces_even_one_the_owner_chose_and_costs_no_quota()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "Untidy name");
        var marker = Guid.NewGuid().ToString("N")[..12];
        await _api.ChatAsync(token, room, $"sourdough starter tips {marker} [[title:Sourdough starter care]]");

        var titled = await (await RetitleAsync(token, room)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Sourdough starter care", titled["data"]!["title"]!.GetValue<string>());
        Assert.Equal("Sourdough starter care", (await _api.GetChatroomAsync(token, room))["title"]!.GetValue<string>());
        var state = (await (await _api.GetAsync($"/chatroom/{room}/title", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        Assert.False(state["chosen"]!.GetValue<bool>());
        var listed = await (await _api.GetAsync("/chatroom", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Sourdough starter care", listed["data"]![0]!["title"]!.GetValue<string>());
        Assert.Single(fixture.Gemini.Requests.TitlesContaining(marker));
        var usage = (await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["usage"]!;
        Assert.Equal(1, usage["used"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_chatroom_without_messages_is_409_and_another_users_or_a_missing_one_is_404()
    {
        var (_, token) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        var empty = await _api.CreateChatroomAsync(token);
        var theirs = await _api.CreateChatroomAsync(stranger, "theirs");
        await _api.ChatAsync(stranger, theirs, "a stranger's question");

        await (await RetitleAsync(token, empty)).ReadProblemAsync(HttpStatusCode.Conflict);
        var foreign = await (await RetitleAsync(token, theirs)).ReadProblemAsync(HttpStatusCode.NotFound);
        var missing = await (await RetitleAsync(token, Guid.NewGuid().ToString())).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.GetAsync($"/chatroom/{theirs}/title", token)).ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(missing.Message(), foreign.Message());
        Assert.Equal("theirs", (await _api.GetChatroomAsync(stranger, theirs))["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(503, HttpStatusCode.ServiceUnavailable)]
    [InlineData(500, HttpStatusCode.ServiceUnavailable)]
    [InlineData(400, HttpStatusCode.BadGateway)]
    public async Task A_gemini_failure_is_the_problem_a_turn_would_get_and_leaves_the_title(int geminiStatus, HttpStatusCode expected)
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "Kept");
        await _api.ChatAsync(token, room, $"question [[title-error:{geminiStatus}]]");

        var response = await RetitleAsync(token, room);

        var problem = await response.ReadProblemAsync(expected);
        Assert.Contains("Gemini", problem.Message());
        if (expected == HttpStatusCode.ServiceUnavailable)
        {
            Assert.NotNull(response.Headers.RetryAfter);
        }

        Assert.Equal("Kept", (await _api.GetChatroomAsync(token, room))["title"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> RetitleAsync(string token, string room) => _api.SendAsync(HttpMethod.Post, $"/chatroom/{room}/title", null, token);
}

/// <summary>With <c>Chat:Titles:Enabled=false</c> (the chat fixture's setting) nothing is titled on its own; asking still works.</summary>
[Collection(ChatCollection.Name)]
public sealed class TitlesOffTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task No_title_is_made_after_the_first_answer_but_one_can_be_asked_for()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var marker = Guid.NewGuid().ToString("N")[..12];

        await _api.ChatAsync(token, room, $"left untitled {marker} [[title:Asked for later]]");
        var state = (await (await _api.GetAsync($"/chatroom/{room}/title", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        var asked = await (await _api.SendAsync(HttpMethod.Post, $"/chatroom/{room}/title", null, token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(("New chat", false), (state["title"]!.GetValue<string>(), state["generating"]!.GetValue<bool>()));
        Assert.Equal("Asked for later", asked["data"]!["title"]!.GetValue<string>());
        Assert.Single(fixture.Gemini.Requests.TitlesContaining(marker));
    }
}
