using System.Net;
using System.Net.Http.Json;
using static GeminiClone.Api.Tests.Preferences.PreferencesApi;

namespace GeminiClone.Api.Tests.Preferences;

/// <summary>Chatrooms started from a Gem: what their turns send, as the Gem changes and after it is deleted.</summary>
public sealed class GemChatroomTests(PreferencesFixture fixture) : IClassFixture<PreferencesFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    private Task<GeminiEmulator.RecordedRequest> TurnAsync(string token, string chatroomId) =>
        _api.TurnSentAsync(fixture.Gemini, token, chatroomId, NewMarker());

    [Fact]
    public async Task A_chatroom_started_from_a_gem_sends_its_instructions_model_and_tools_after_the_users_instructions()
    {
        var (_, token) = await _api.NewSessionAsync();
        // The defaults are for chatrooms without a Gem: the Gem is this chatroom's choice.
        await (await _api.PutPreferencesAsync(token, new { instructions = "Call me Asha.", defaultModel = "gemini-3.7-flash", defaultTools = new[] { "google_search" } }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var gem = await _api.CreateGemAsync(token, new { name = "Editor", instructions = "Tighten my prose.", model = "gemini-3.5-flash", tools = new[] { "url_context" } });

        var created = await _api.StartChatroomAsync(token, new { gemId = gem.Id(), title = "Draft" });
        var read = await _api.GetChatroomAsync(token, created.Id());
        var sent = await TurnAsync(token, created.Id());

        Assert.Equal($$"""{"id":"{{gem.Id()}}","name":"Editor"}""", created["gem"]!.ToJsonString());
        Assert.Equal(created["gem"]!.ToJsonString(), read["gem"]!.ToJsonString());
        Assert.Null(created["settings"]!["model"]);
        Assert.Empty(created["settings"]!["tools"]!.AsArray());
        Assert.Equal("Call me Asha.\n\nTighten my prose.", sent.SystemInstruction);
        Assert.Equal("gemini-3.5-flash", sent.Model);
        Assert.Equal(["url_context"], sent.Tools);
    }

    [Fact]
    public async Task Editing_the_gem_changes_the_next_turn_of_its_chatrooms_and_the_name_they_show()
    {
        var (_, token) = await _api.NewSessionAsync();
        var gem = await _api.CreateGemAsync(token, new { name = "Editor", instructions = "Tighten my prose.", model = "gemini-3.5-flash" });
        var room = (await _api.StartChatroomAsync(token, new { gemId = gem.Id() })).Id();
        var first = await TurnAsync(token, room);

        await (await _api.PatchGemAsync(token, gem.Id(), new { name = "Terse editor", instructions = "Be terse.", model = "gemini-3.7-flash", tools = new[] { "google_search" } }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var next = await TurnAsync(token, room);

        Assert.Equal(("Tighten my prose.", "gemini-3.5-flash"), (first.SystemInstruction, first.Model));
        Assert.Empty(first.Tools);
        Assert.Equal(("Be terse.", "gemini-3.7-flash"), (next.SystemInstruction, next.Model));
        Assert.Equal(["google_search"], next.Tools);
        Assert.Equal("Terse editor", (await _api.GetChatroomAsync(token, room))["gem"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_the_gem_leaves_its_chatrooms_working_with_the_last_instructions_model_and_tools_they_used()
    {
        var (_, token) = await _api.NewSessionAsync();
        var gem = await _api.CreateGemAsync(token, new { name = "Editor", instructions = "Tighten my prose.", model = "gemini-3.5-flash" });
        var room = (await _api.StartChatroomAsync(token, new { gemId = gem.Id() })).Id();
        await (await _api.PatchGemAsync(token, gem.Id(), new { instructions = "Be terse.", model = "gemini-3.7-flash", tools = new[] { "url_context" } }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var lastWithGem = await TurnAsync(token, room);

        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/gems/{gem.Id()}", null, token)).StatusCode);
        var afterDeletion = await TurnAsync(token, room);
        var again = await TurnAsync(token, room);

        Assert.Equal(("Be terse.", "gemini-3.7-flash"), (lastWithGem.SystemInstruction, lastWithGem.Model));
        Assert.All(new[] { afterDeletion, again }, sent =>
        {
            Assert.Equal(("Be terse.", "gemini-3.7-flash"), (sent.SystemInstruction, sent.Model));
            Assert.Equal(["url_context"], sent.Tools);
        });
        var chatroom = await _api.GetChatroomAsync(token, room);
        Assert.Equal(gem.Id(), chatroom["gem"]!.Id());
        Assert.Equal(6, chatroom["messages"]!.AsArray().Count);
        await (await _api.PostJsonAsync("/chatroom", new { gemId = gem.Id() }, token)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_gem_chatrooms_own_settings_win_and_an_emptied_one_goes_back_to_the_gems()
    {
        var (_, token) = await _api.NewSessionAsync();
        var gem = await _api.CreateGemAsync(token, new { name = "Editor", instructions = "Gem says.", model = "gemini-3.5-flash" });
        var room = (await _api.StartChatroomAsync(token, new { gemId = gem.Id(), model = "gemini-3.7-flash" })).Id();

        var ownModel = await TurnAsync(token, room);
        await PatchChatroomAsync(token, room, new { systemInstruction = "Room says.", model = "" });
        var ownInstruction = await TurnAsync(token, room);
        await PatchChatroomAsync(token, room, new { systemInstruction = "" });
        var gemsAgain = await TurnAsync(token, room);

        Assert.Equal(("Gem says.", "gemini-3.7-flash"), (ownModel.SystemInstruction, ownModel.Model));
        Assert.Equal(("Room says.", "gemini-3.5-flash"), (ownInstruction.SystemInstruction, ownInstruction.Model));
        Assert.Equal(("Gem says.", "gemini-3.5-flash"), (gemsAgain.SystemInstruction, gemsAgain.Model));
    }

    [Fact]
    public async Task A_thinking_level_is_judged_against_the_gems_model_when_the_chatroom_has_none_of_its_own()
    {
        var (_, token) = await _api.NewSessionAsync();
        // gemini-3.5-flash thinks at "minimal"; the catalog's default (gemini-3.8-flash) does not.
        var gem = await _api.CreateGemAsync(token, new { name = "Quick", instructions = "Be quick.", model = "gemini-3.5-flash" });

        var room = await _api.StartChatroomAsync(token, new { gemId = gem.Id(), thinkingLevel = "minimal" });
        var sent = await TurnAsync(token, room.Id());

        Assert.Equal("minimal", room["settings"]!["thinkingLevel"]!.GetValue<string>());
        Assert.Equal("""{"thinkingLevel":"minimal"}""", sent.ThinkingConfig!.ToJsonString());
        await (await _api.PostJsonAsync("/chatroom", new { thinkingLevel = "minimal" }, token)).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task PatchChatroomAsync(string token, string room, object change) =>
        await (await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{room}", JsonContent.Create(change), token)).ReadJsonAsync(HttpStatusCode.OK);
}
