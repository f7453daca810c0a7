using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>
/// Titles on (the chat fixture turns them off), and a Gemini bound long enough for a test to hold a title or an
/// answer at the emulator while it checks what the service does meanwhile.
/// </summary>
public sealed class TitleFixture : ChatFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("Chat:Titles:Enabled", "true"),
        new("Gemini:Timeout", "00:00:30"),
        new("Gemini:AttemptTimeout", "00:00:30"),
    ];
}

[CollectionDefinition(Name)]
public sealed class TitleCollection : ICollectionFixture<TitleFixture>
{
    public const string Name = "titles";
}

/// <summary>Titles the model makes after a chatroom's first answer: in the background, never over the owner's, never charged.</summary>
[Collection(TitleCollection.Name)]
public sealed class TitleTests(TitleFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task After_the_first_answer_the_model_titles_the_chatroom_in_its_details_list_and_search()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var marker = Marker();

        await _api.ChatAsync(token, room, $"Which beaches near Zanzibar are calm in July? {marker} [[title:Zanzibar calm beaches]]");
        var state = await SettledTitleAsync(token, room);

        Assert.Equal(("Zanzibar calm beaches", false), (state["title"]!.GetValue<string>(), state["chosen"]!.GetValue<bool>()));
        Assert.Equal("Zanzibar calm beaches", (await _api.GetChatroomAsync(token, room))["title"]!.GetValue<string>());
        Assert.Equal("Zanzibar calm beaches", await ListedTitleAsync(token, room));
        var found = (await (await _api.GetAsync("/chatroom/search?q=zanzibar", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["results"]!;
        Assert.Equal("Zanzibar calm beaches", Assert.Single(found.AsArray())!["title"]!.GetValue<string>());
        // One call to the small model, at its least thinking, quoting the conversation for its language.
        var asked = Assert.Single(fixture.Gemini.Requests.TitlesContaining(marker));
        Assert.Equal(("gemini-3.5-flash-lite", "minimal"), (asked.Model, asked.ThinkingConfig?["thinkingLevel"]?.GetValue<string>()));
        Assert.Contains("language the user writes in", asked.SystemInstruction);
        Assert.StartsWith("User: Which beaches near Zanzibar", asked.Turns[^1].Text);
    }

    [Fact]
    public async Task The_title_call_is_charged_to_nobody()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);

        var reply = await (await _api.SendMessageAsync(token, room, $"count me once {Marker()}")).ReadJsonAsync(HttpStatusCode.OK);
        await SettledTitleAsync(token, room);

        Assert.NotEqual("New chat", (await _api.GetChatroomAsync(token, room))["title"]!.GetValue<string>());
        var usage = (await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["usage"]!;
        Assert.Equal((1, 4), (usage["used"]!.GetValue<int>(), usage["remaining"]!.GetValue<int>()));
        Assert.Equal(reply["reply"]!["usage"]!["totalTokens"]!.GetValue<long>(), usage["tokens"]!["totalTokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_streamed_first_turn_carries_the_title_event_when_the_title_comes_before_the_answer_ends()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var hold = Marker();

        // The answer is held after its first words until the test has seen the title: the title surely comes first.
        using var reader = new SseReader(await _api.StreamAsync(token, room, $"plan a monsoon reading list [[hold:{hold}]] [[title:Monsoon reading]]"));
        var before = new List<SseEvent>();
        SseEvent? title = null;
        while (await reader.NextAsync() is { } next)
        {
            if (next.Event == "title")
            {
                title = next;
                break;
            }

            before.Add(next);
        }

        fixture.Gemini.Holds.Release(hold);
        var rest = await reader.RestAsync();

        Assert.NotNull(title);
        Assert.Equal("Monsoon reading", title.Data["title"]!.GetValue<string>());
        Assert.Contains(before, e => e.Event == "delta");
        Assert.DoesNotContain(before, e => e.Event is "done" or "error");
        var done = rest[^1];
        Assert.Equal("done", done.Event);
        // Numbered with the answer's pieces, so a reader resumes after it like after any of them.
        Assert.Equal(done.Data["turnId"]!.GetValue<string>(), TurnApi.TurnIdOf(title.Id!));
        Assert.Equal("Monsoon reading", (await SettledTitleAsync(token, room))["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_answer_never_waits_for_the_title_its_stream_ends_while_the_title_is_still_held()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var hold = Marker();

        using var response = await _api.StreamAsync(token, room, $"a quick question [[title-hold:{hold}]] [[title:Held back]]");
        var events = await response.ReadEventsAsync();
        // The title was asked for (and is held) while the turn had already ended: it cannot have waited for it.
        await Eventually.HoldsAsync(() => fixture.Gemini.Holds.IsHolding(hold));
        var whileHeld = await TitleStateAsync(token, room);
        fixture.Gemini.Holds.Release(hold);

        Assert.Equal("done", events[^1].Event);
        Assert.DoesNotContain(events, e => e.Event == "title");
        Assert.Equal(("New chat", true), (whileHeld["title"]!.GetValue<string>(), whileHeld["generating"]!.GetValue<bool>()));
        Assert.Equal("Held back", (await SettledTitleAsync(token, room))["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rename_while_the_title_is_being_made_wins()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var hold = Marker();

        // A plain turn answers while its title is still held at the emulator.
        await _api.ChatAsync(token, room, $"help me name my cat [[title-hold:{hold}]] [[title:Naming a cat]]");
        await Eventually.HoldsAsync(() => fixture.Gemini.Holds.IsHolding(hold));
        var renamed = await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{room}", System.Net.Http.Json.JsonContent.Create(new { title = "Whiskers" }), token);
        await renamed.ReadJsonAsync(HttpStatusCode.OK);
        fixture.Gemini.Holds.Release(hold);
        var state = await SettledTitleAsync(token, room);

        Assert.Single(fixture.Gemini.Requests.TitlesContaining(hold));
        Assert.Equal(("Whiskers", true), (state["title"]!.GetValue<string>(), state["chosen"]!.GetValue<bool>()));
        Assert.Equal("Whiskers", (await _api.GetChatroomAsync(token, room))["title"]!.GetValue<string>());
        Assert.Equal("Whiskers", await ListedTitleAsync(token, room));
    }

    [Fact]
    public async Task A_chatroom_created_with_a_title_keeps_it_and_costs_no_title_call()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "My own name");
        var marker = Marker();

        await _api.ChatAsync(token, room, $"anything at all {marker} [[title:Not this]]");
        var state = await TitleStateAsync(token, room);

        Assert.Equal(("My own name", true, false), (state["title"]!.GetValue<string>(), state["chosen"]!.GetValue<bool>(), state["generating"]!.GetValue<bool>()));
        Assert.Empty(fixture.Gemini.Requests.TitlesContaining(marker));
    }

    [Theory]
    [InlineData(503, 2)]
    [InlineData(400, 1)]
    public async Task A_failing_title_call_leaves_the_title_and_is_tried_at_most_twice(int status, int calls)
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var marker = Marker();

        await _api.ChatAsync(token, room, $"first {marker} [[title-error:{status}]]");
        var state = await SettledTitleAsync(token, room);
        await _api.ChatAsync(token, room, $"second {marker}");

        Assert.Equal("New chat", state["title"]!.GetValue<string>());
        Assert.Equal("New chat", await ListedTitleAsync(token, room));
        // A 503 is tried once more; a refused request is not; no later answer asks again.
        Assert.Equal(calls, fixture.Gemini.Requests.TitlesContaining(marker).Count);
        Assert.False((await TitleStateAsync(token, room))["generating"]!.GetValue<bool>());
    }

    private static string Marker() => Guid.NewGuid().ToString("N")[..12];

    private async Task<JsonNode> TitleStateAsync(string token, string room) =>
        (await (await _api.GetAsync($"/chatroom/{room}/title", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    /// <summary>Polls the chatroom's title until the model is done with it (stored or given up), and returns it.</summary>
    private async Task<JsonNode> SettledTitleAsync(string token, string room)
    {
        JsonNode state = null!;
        await Eventually.HoldsAsync(async () =>
        {
            state = await TitleStateAsync(token, room);
            return !state["generating"]!.GetValue<bool>();
        }, TimeSpan.FromSeconds(20));
        return state;
    }

    private async Task<string> ListedTitleAsync(string token, string room)
    {
        var list = await (await _api.GetAsync("/chatroom", token)).ReadJsonAsync(HttpStatusCode.OK);
        return list["data"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == room)!["title"]!.GetValue<string>();
    }
}
