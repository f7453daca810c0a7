using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>GET /chatroom/search through the real pipeline, on the embedded mode's memory index.</summary>
public sealed class SearchTests(LongChatFixture fixture) : IClassFixture<LongChatFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_stored_turn_is_found_at_once_with_its_position_snippet_and_highlights()
    {
        var (_, token) = await _api.NewSessionAsync();
        var trip = await _api.CreateChatroomAsync(token, "Trip");
        await _api.ChatAsync(token, trip, "hello");
        await _api.ChatAsync(token, trip, "Which museums in Lisbon open on Mondays?");
        await _api.ChatAsync(token, await _api.CreateChatroomAsync(token, "Other"), "nothing relevant");

        var data = await SearchAsync(token, "lisbon museums");

        var result = Assert.Single(data["results"]!.AsArray())!;
        Assert.Equal(trip, result["chatroomId"]!.GetValue<string>());
        Assert.Equal("Trip", result["title"]!.GetValue<string>());
        // The question and the emulator's answer, which repeats it.
        Assert.Equal(2, result["matchCount"]!.GetValue<int>());
        var hits = result["hits"]!.AsArray();
        Assert.Equal([3, 2], hits.Select(h => h!["sequence"]!.GetValue<int>()).Order().Reverse());
        var question = hits.Single(h => h!["sequence"]!.GetValue<int>() == 2)!;
        Assert.Equal("User", question["role"]!.GetValue<string>());
        var snippet = question["snippet"]!.GetValue<string>();
        Assert.Equal("Which museums in Lisbon open on Mondays?", snippet);
        Assert.Equal(["museums", "Lisbon"], question["highlights"]!.AsArray()
            .Select(h => snippet.Substring(h!["start"]!.GetValue<int>(), h["length"]!.GetValue<int>())));
        Assert.Null(data["nextCursor"]);

        // The position opens the history at the message.
        var page = await _api.GetChatroomAsync(token, trip, "?before=3&limit=1");
        Assert.Equal("Which museums in Lisbon open on Mondays?", page["messages"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_users_content_is_never_found()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        await _api.ChatAsync(owner, await _api.CreateChatroomAsync(owner, "Private diary"), "my locker code is zebra");

        Assert.Empty((await SearchAsync(stranger, "zebra"))["results"]!.AsArray());
        Assert.Empty((await SearchAsync(stranger, "diary"))["results"]!.AsArray());
        Assert.Single((await SearchAsync(owner, "zebra"))["results"]!.AsArray());
    }

    [Fact]
    public async Task Deleting_or_renaming_a_chatroom_shows_in_search_at_once()
    {
        var (_, token) = await _api.NewSessionAsync();
        var doomed = await _api.CreateChatroomAsync(token, "Doomed");
        await _api.ChatAsync(token, doomed, "pineapple pizza debate");
        var renamed = await _api.CreateChatroomAsync(token, "Untitled");
        Assert.Single((await SearchAsync(token, "pineapple"))["results"]!.AsArray());

        (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{doomed}", null, token)).EnsureSuccessStatusCode();
        (await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{renamed}", JsonContent.Create(new { title = "Quarterly budget" }), token))
            .EnsureSuccessStatusCode();

        Assert.Empty((await SearchAsync(token, "pineapple"))["results"]!.AsArray());
        var found = Assert.Single((await SearchAsync(token, "budget"))["results"]!.AsArray())!;
        Assert.Equal("Quarterly budget", found["title"]!.GetValue<string>());
        var titleHit = Assert.Single(found["hits"]!.AsArray())!;
        Assert.Null(titleHit["sequence"]);
        Assert.Null(titleHit["role"]);
    }

    [Fact]
    public async Task Regenerated_answers_stay_findable_as_siblings()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "Versions");
        await _api.ChatAsync(token, room, "tell me about narwhals");
        await (await _api.RegenerateAsync(token, room)).ReadJsonAsync(HttpStatusCode.OK);

        var hits = Assert.Single((await SearchAsync(token, "narwhals"))["results"]!.AsArray())!["hits"]!.AsArray();

        // The question, the first answer and its regenerated sibling (each a message of its own since branches), at most three shown.
        Assert.Equal([0, 1, 2], hits.Select(h => h!["messageId"]!.GetValue<int>()).Order());
        Assert.All(hits, h => Assert.Equal(0, h!["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Pages_follow_the_cursor_to_the_end()
    {
        var (_, token) = await _api.NewSessionAsync();
        for (var i = 0; i < 5; i++)
        {
            await _api.ChatAsync(token, await _api.CreateChatroomAsync(token, $"Room {i}"), $"mango smoothie {i}");
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var data = await SearchAsync(token, "mango", limit: 2, cursor: cursor);
            seen.AddRange(data["results"]!.AsArray().Select(r => r!["chatroomId"]!.GetValue<string>()));
            cursor = data["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(5, seen.Count);
    }

    [Fact]
    public async Task Unicode_queries_and_query_syntax_work_as_text()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "Mixed");
        await _api.ChatAsync(token, room, "नमस्ते दुनिया 🚀 café O'Reilly");

        foreach (var query in new[] { "दुनिया", "🚀", "CAFE", "o'reilly", "café & !x | (y)", "'); DROP TABLE users; --" })
        {
            var response = await _api.GetAsync($"/chatroom/search?q={Uri.EscapeDataString(query)}", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single((await SearchAsync(token, "दुनिया"))["results"]!.AsArray());
        Assert.Single((await SearchAsync(token, "🚀"))["results"]!.AsArray());
        Assert.Single((await SearchAsync(token, "CAFE"))["results"]!.AsArray());
        Assert.Empty((await SearchAsync(token, "'); DROP TABLE users; --"))["results"]!.AsArray());
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=", "q")]
    [InlineData("q=%21%21%20%26%26", "q")]
    [InlineData("q=ok&limit=0", "limit")]
    [InlineData("q=ok&limit=51", "limit")]
    [InlineData("q=ok&cursor=not-a-cursor", "cursor")]
    public async Task Bad_searches_are_a_400_naming_the_field(string query, string field)
    {
        var (_, token) = await _api.NewSessionAsync();

        var problem = await (await _api.GetAsync($"/chatroom/search?{query}", token)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]?.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task A_query_longer_than_200_characters_is_refused()
    {
        var (_, token) = await _api.NewSessionAsync();

        await (await _api.GetAsync($"/chatroom/search?q={new string('a', 201)}", token)).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Search_needs_a_token()
    {
        await (await _api.GetAsync("/chatroom/search?q=x")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<JsonNode> SearchAsync(string token, string query, int? limit = null, string? cursor = null)
    {
        var path = $"/chatroom/search?q={Uri.EscapeDataString(query)}"
            + (limit is { } l ? $"&limit={l}" : "") + (cursor is { } c ? $"&cursor={Uri.EscapeDataString(c)}" : "");
        return (await (await _api.GetAsync(path, token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
    }
}
