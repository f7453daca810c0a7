using System.Net;
using static GeminiClone.Api.Tests.Preferences.PreferencesApi;

namespace GeminiClone.Api.Tests.Preferences;

/// <summary>/gems: saved assistants, each user's own, within the configured limit.</summary>
public sealed class GemsTests(PreferencesFixture fixture) : IClassFixture<PreferencesFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_gem_is_created_listed_read_changed_and_deleted()
    {
        var (_, token) = await _api.NewSessionAsync();

        var response = await _api.PostGemAsync(token, new
        {
            name = "  Editor ", instructions = " Tighten my prose. ", model = "gemini-3.5-flash", tools = new[] { "google_search" },
            description = "For drafts",
        });
        var created = await response.ReadJsonAsync(HttpStatusCode.Created);
        var gem = created["data"]!;
        var second = await _api.CreateGemAsync(token, new { name = "Coach", instructions = "Be encouraging." });
        var list = (await (await _api.GetAsync("/gems", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray();
        var read = (await (await _api.GetAsync($"/gems/{gem.Id()}", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

        Assert.Equal("Gem created successfully", created.Message());
        Assert.Equal($"/gems/{gem.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(["createdAt", "description", "id", "instructions", "model", "name", "tools", "updatedAt"], gem.AsObject().Select(p => p.Key).Order());
        Assert.Equal(("Editor", "Tighten my prose.", "For drafts", "gemini-3.5-flash"), (gem["name"]!.GetValue<string>(),
            gem["instructions"]!.GetValue<string>(), gem["description"]!.GetValue<string>(), gem["model"]!.GetValue<string>()));
        Assert.Equal(["google_search"], gem["tools"].Strings());
        Assert.Null(second["model"]);
        Assert.Null(second["description"]);
        Assert.Equal([second.Id(), gem.Id()], list.Select(g => g!.Id()));
        Assert.Equal(gem.ToJsonString(), read.ToJsonString());

        var changed = (await (await _api.PatchGemAsync(token, gem.Id(), new { name = "Strict editor", description = "", model = "", tools = Array.Empty<string>() }))
            .ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        Assert.Equal(("Strict editor", "Tighten my prose."), (changed["name"]!.GetValue<string>(), changed["instructions"]!.GetValue<string>()));
        Assert.Null(changed["description"]);
        Assert.Null(changed["model"]);
        Assert.Empty(changed["tools"]!.AsArray());
        Assert.Equal(gem["createdAt"]!.GetValue<DateTime>(), changed["createdAt"]!.GetValue<DateTime>());
        Assert.True(changed["updatedAt"]!.GetValue<DateTime>() >= gem["updatedAt"]!.GetValue<DateTime>());

        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/gems/{gem.Id()}", null, token)).StatusCode);
        await (await _api.GetAsync($"/gems/{gem.Id()}", token)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendAsync(HttpMethod.Delete, $"/gems/{gem.Id()}", null, token)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([second.Id()], (await (await _api.GetAsync("/gems", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray().Select(g => g!.Id()));
    }

    [Theory]
    [InlineData("""{"instructions":"x"}""", HttpStatusCode.BadRequest, "name")]
    [InlineData("""{"name":"   ","instructions":"x"}""", HttpStatusCode.BadRequest, "name")]
    [InlineData("""{"name":"NAME101","instructions":"x"}""", HttpStatusCode.BadRequest, "name")]
    [InlineData("""{"name":"n"}""", HttpStatusCode.BadRequest, "instructions")]
    [InlineData("""{"name":"n","instructions":""}""", HttpStatusCode.BadRequest, "instructions")]
    [InlineData("""{"name":"n","instructions":"LONG4001"}""", HttpStatusCode.BadRequest, "instructions")]
    [InlineData("""{"name":"n","instructions":"x","description":"DESC501"}""", HttpStatusCode.BadRequest, "description")]
    [InlineData("""{"name":"n","instructions":"x","model":"gemini-0-imaginary"}""", HttpStatusCode.BadRequest, "model")]
    [InlineData("""{"name":"n","instructions":"x","model":"gemini-3.1-pro-preview"}""", HttpStatusCode.BadRequest, "model")]
    [InlineData("""{"name":"n","instructions":"x","tools":["web_browsing"]}""", HttpStatusCode.BadRequest, "tools")]
    [InlineData("""{"name":"n","instructions":"x","tools":["code_execution"]}""", HttpStatusCode.Forbidden, null)]
    [InlineData("""{"name":"n","instructions":"x","model":"gemini-3.1-flash-image","tools":["url_context"]}""", (HttpStatusCode)422, "tools")]
    public async Task A_bad_gem_is_refused_naming_the_field_and_nothing_is_saved(string body, HttpStatusCode status, string? field)
    {
        var (_, token) = await _api.NewSessionAsync();
        var json = body.Replace("NAME101", new string('n', 101)).Replace("LONG4001", new string('x', 4001)).Replace("DESC501", new string('d', 501));

        var response = await _api.SendAsync(HttpMethod.Post, "/gems", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), token);

        var problem = await response.ReadProblemAsync(status);
        if (field is not null)
        {
            Assert.NotNull(problem["errors"]![field]);
        }

        Assert.Empty((await (await _api.GetAsync("/gems", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray());
    }

    [Fact]
    public async Task A_bad_change_is_refused_as_a_create_is_and_leaves_the_gem_as_it_was()
    {
        var (_, token) = await _api.NewSessionAsync();
        var gem = await _api.CreateGemAsync(token, new { name = "Editor", instructions = "Tighten my prose.", tools = new[] { "url_context" } });

        await (await _api.PatchGemAsync(token, gem.Id(), new { })).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull((await (await _api.PatchGemAsync(token, gem.Id(), new { name = "" })).ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["name"]);
        Assert.NotNull((await (await _api.PatchGemAsync(token, gem.Id(), new { model = "gemini-3.1-pro-preview" }))
            .ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["model"]);
        await (await _api.PatchGemAsync(token, gem.Id(), new { tools = new[] { "code_execution" } })).ReadProblemAsync(HttpStatusCode.Forbidden);
        // Its url_context does not suit a model that only searches.
        Assert.NotNull((await (await _api.PatchGemAsync(token, gem.Id(), new { model = "gemini-3.1-flash-image" }))
            .ReadProblemAsync((HttpStatusCode)422))["errors"]!["tools"]);

        var read = (await (await _api.GetAsync($"/gems/{gem.Id()}", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        Assert.Equal(gem.ToJsonString(), read.ToJsonString());
    }

    [Fact]
    public async Task A_user_keeps_at_most_the_configured_number_of_gems_and_one_more_is_a_409()
    {
        var (_, token) = await _api.NewSessionAsync();
        var made = new List<string>();
        for (var i = 0; i < PreferencesFixture.MaxGems; i++)
        {
            made.Add((await _api.CreateGemAsync(token, new { name = $"Gem {i}", instructions = "x" })).Id());
        }

        var over = await _api.PostGemAsync(token, new { name = "One too many", instructions = "x" });
        await over.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/gems/{made[0]}", null, token)).StatusCode);
        await _api.CreateGemAsync(token, new { name = "Room again", instructions = "x" });
        Assert.Equal(PreferencesFixture.MaxGems, (await (await _api.GetAsync("/gems", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Another_users_gem_is_a_404_everywhere_and_stays_as_it_was()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        var gem = await _api.CreateGemAsync(owner, new { name = "Private", instructions = "Mine alone." });

        await (await _api.GetAsync($"/gems/{gem.Id()}", stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.PatchGemAsync(stranger, gem.Id(), new { name = "Taken" })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendAsync(HttpMethod.Delete, $"/gems/{gem.Id()}", null, stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.PostJsonAsync("/chatroom", new { gemId = gem.Id() }, stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.PostJsonAsync("/chatroom", new { gemId = "not-an-id" }, stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.GetAsync("/gems/not-an-id", owner)).ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.Empty((await (await _api.GetAsync("/gems", stranger)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray());
        Assert.Empty((await (await _api.GetAsync("/chatroom", stranger)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray());
        var read = (await (await _api.GetAsync($"/gems/{gem.Id()}", owner)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        Assert.Equal(gem.ToJsonString(), read.ToJsonString());
    }
}
