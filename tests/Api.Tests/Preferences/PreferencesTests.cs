using System.Net;
using static GeminiClone.Api.Tests.Preferences.PreferencesApi;

namespace GeminiClone.Api.Tests.Preferences;

/// <summary>PUT/GET /user/preferences: the user's instructions in every turn, and the defaults new chatrooms take.</summary>
public sealed class PreferencesTests(PreferencesFixture fixture) : IClassFixture<PreferencesFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Preferences_are_the_defaults_until_set_and_round_trip()
    {
        var (_, token) = await _api.NewSessionAsync();

        var never = await _api.GetPreferencesAsync(token);
        var put = await (await _api.PutPreferencesAsync(token, new
        {
            instructions = "  I am vegetarian; answer in metric units.  ", defaultModel = "gemini-3.5-flash", defaultTools = new[] { "url_context", "google_search" },
        })).ReadJsonAsync(HttpStatusCode.OK);
        var read = await _api.GetPreferencesAsync(token);

        Assert.Equal("", never["instructions"]!.GetValue<string>());
        Assert.Null(never["defaultModel"]);
        Assert.Empty(never["defaultTools"]!.AsArray());
        Assert.Null(never["updatedAt"]);
        Assert.Equal("Preferences saved successfully", put.Message());
        Assert.Equal(put["data"]!.ToJsonString(), read.ToJsonString());
        Assert.Equal("I am vegetarian; answer in metric units.", read["instructions"]!.GetValue<string>());
        Assert.Equal("gemini-3.5-flash", read["defaultModel"]!.GetValue<string>());
        Assert.Equal(["google_search", "url_context"], read["defaultTools"].Strings());
        Assert.NotNull(read["updatedAt"]);

        // A PUT replaces the whole: what it leaves out goes back to its default.
        var cleared = (await (await _api.PutPreferencesAsync(token, new { instructions = "" })).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        Assert.Equal("", cleared["instructions"]!.GetValue<string>());
        Assert.Null(cleared["defaultModel"]);
        Assert.Empty(cleared["defaultTools"]!.AsArray());
        Assert.Equal(cleared.ToJsonString(), (await _api.GetPreferencesAsync(token)).ToJsonString());
    }

    [Theory]
    [InlineData("""{}""", HttpStatusCode.BadRequest, "instructions")]
    [InlineData("""{"instructions":null}""", HttpStatusCode.BadRequest, "instructions")]
    [InlineData("""{"instructions":"LONG"}""", HttpStatusCode.BadRequest, "instructions")]
    [InlineData("""{"instructions":"","defaultModel":"gemini-0-imaginary"}""", HttpStatusCode.BadRequest, "defaultModel")]
    [InlineData("""{"instructions":"","defaultModel":"gemini-3.1-pro-preview"}""", HttpStatusCode.BadRequest, "defaultModel")]
    [InlineData("""{"instructions":"","defaultModel":"gemini-2.5-flash"}""", HttpStatusCode.BadRequest, "defaultModel")]
    [InlineData("""{"instructions":"","defaultTools":["web_browsing"]}""", HttpStatusCode.BadRequest, "defaultTools")]
    [InlineData("""{"instructions":"","defaultTools":["code_execution"]}""", HttpStatusCode.Forbidden, null)]
    [InlineData("""{"instructions":"","defaultModel":"gemini-3.1-flash-image","defaultTools":["url_context"]}""", (HttpStatusCode)422, "defaultTools")]
    public async Task Bad_preferences_are_refused_naming_the_field_and_change_nothing(string body, HttpStatusCode status, string? field)
    {
        var (_, token) = await _api.NewSessionAsync();
        await (await _api.PutPreferencesAsync(token, new { instructions = "Keep me." })).ReadJsonAsync(HttpStatusCode.OK);

        var response = await _api.SendAsync(HttpMethod.Put, "/user/preferences",
            new StringContent(body.Replace("LONG", new string('x', 4001)), System.Text.Encoding.UTF8, "application/json"), token);

        var problem = await response.ReadProblemAsync(status);
        if (field is not null)
        {
            Assert.NotNull(problem["errors"]![field]);
        }

        Assert.Equal("Keep me.", (await _api.GetPreferencesAsync(token))["instructions"]!.GetValue<string>());
    }

    [Fact]
    public async Task Instructions_of_4000_characters_are_taken_and_need_a_token()
    {
        var (_, token) = await _api.NewSessionAsync();

        await (await _api.PutPreferencesAsync(token, new { instructions = new string('x', 4000) })).ReadJsonAsync(HttpStatusCode.OK);

        await (await _api.GetAsync("/user/preferences")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_users_instructions_go_before_the_chatrooms_system_text_in_every_next_turn()
    {
        var (_, token) = await _api.NewSessionAsync();
        var own = (await _api.StartChatroomAsync(token, new { systemInstruction = "Answer like a travel agent." })).Id();
        var plain = await _api.CreateChatroomAsync(token, "plain");

        var before = await _api.TurnSentAsync(fixture.Gemini, token, own, NewMarker());
        await (await _api.PutPreferencesAsync(token, new { instructions = "Call me Asha." })).ReadJsonAsync(HttpStatusCode.OK);
        var withOwn = await _api.TurnSentAsync(fixture.Gemini, token, own, NewMarker());
        var withService = await _api.TurnSentAsync(fixture.Gemini, token, plain, NewMarker());
        await (await _api.PutPreferencesAsync(token, new { instructions = "Call me Dr Asha." })).ReadJsonAsync(HttpStatusCode.OK);
        var changed = await _api.TurnSentAsync(fixture.Gemini, token, own, NewMarker());
        await (await _api.PutPreferencesAsync(token, new { instructions = "" })).ReadJsonAsync(HttpStatusCode.OK);
        var cleared = await _api.TurnSentAsync(fixture.Gemini, token, own, NewMarker());

        Assert.Equal("Answer like a travel agent.", before.SystemInstruction);
        Assert.Equal("Call me Asha.\n\nAnswer like a travel agent.", withOwn.SystemInstruction);
        Assert.Equal($"Call me Asha.\n\n{PreferencesFixture.ServiceInstruction}", withService.SystemInstruction);
        Assert.Equal("Call me Dr Asha.\n\nAnswer like a travel agent.", changed.SystemInstruction);
        Assert.Equal("Answer like a travel agent.", cleared.SystemInstruction);
    }

    [Fact]
    public async Task New_chatrooms_take_the_default_model_and_tools_unless_they_name_their_own()
    {
        var (_, token) = await _api.NewSessionAsync();
        await (await _api.PutPreferencesAsync(token, new { instructions = "", defaultModel = "gemini-3.5-flash", defaultTools = new[] { "url_context" } }))
            .ReadJsonAsync(HttpStatusCode.OK);

        var defaulted = await _api.StartChatroomAsync(token, new { title = "defaults" });
        var named = await _api.StartChatroomAsync(token, new { model = "gemini-3.7-flash", tools = Array.Empty<string>() });
        var catalogDefault = await _api.StartChatroomAsync(token, new { model = "" });
        // Default tools the chosen model does not take are left out, not refused: the request never named them.
        var drawing = await _api.StartChatroomAsync(token, new { model = "gemini-3.1-flash-image" });
        var sent = await _api.TurnSentAsync(fixture.Gemini, token, defaulted.Id(), NewMarker());

        Assert.Equal("gemini-3.5-flash", defaulted["settings"]!["model"]!.GetValue<string>());
        Assert.Equal(["url_context"], defaulted["settings"]!["tools"].Strings());
        Assert.Equal("gemini-3.7-flash", named["settings"]!["model"]!.GetValue<string>());
        Assert.Empty(named["settings"]!["tools"].Strings());
        Assert.Null(catalogDefault["settings"]!["model"]);
        Assert.Equal(["url_context"], catalogDefault["settings"]!["tools"].Strings());
        Assert.Equal("gemini-3.1-flash-image", drawing["settings"]!["model"]!.GetValue<string>());
        Assert.Empty(drawing["settings"]!["tools"].Strings());
        Assert.Equal("gemini-3.5-flash", sent.Model);
        Assert.Equal(["url_context"], sent.Tools);
    }
}
