using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GeminiClone.Grains.Interfaces.Users.Preferences;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Users.Preferences;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using static GeminiClone.Api.Tests.Preferences.PreferencesApi;

namespace GeminiClone.Api.Tests.Preferences;

/// <summary>Preferences and Gems are the user's data: in the export, and gone with the account.</summary>
public sealed class PreferencesAccountTests(PreferencesFixture fixture) : IClassFixture<PreferencesFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task The_export_carries_the_preferences_the_gems_and_each_chatrooms_gem()
    {
        var (_, token) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        await (await _api.PutPreferencesAsync(token, new { instructions = "Call me Asha.", defaultTools = new[] { "google_search" } })).ReadJsonAsync(HttpStatusCode.OK);
        var gem = await _api.CreateGemAsync(token, new { name = "Editor", instructions = "Tighten my prose.", description = "For drafts" });
        await _api.CreateGemAsync(stranger, new { name = "Not yours", instructions = "A stranger's Gem." });
        var fromGem = (await _api.StartChatroomAsync(token, new { gemId = gem.Id(), title = "from a gem" })).Id();
        await _api.CreateChatroomAsync(token, "plain");

        var text = await (await _api.GetAsync("/user/export", token)).Content.ReadAsStringAsync();
        var export = JsonNode.Parse(text)!;

        Assert.Equal("Call me Asha.", export["preferences"]!["instructions"]!.GetValue<string>());
        Assert.Equal(["google_search"], export["preferences"]!["defaultTools"].Strings());
        var exported = Assert.Single(export["gems"]!.AsArray())!;
        Assert.Equal(gem.ToJsonString(), exported.ToJsonString());
        var chatrooms = export["chatrooms"]!.AsArray();
        Assert.Equal($$"""{"id":"{{gem.Id()}}","name":"Editor"}""", chatrooms.Single(c => c!.Id() == fromGem)!["gem"]!.ToJsonString());
        Assert.Null(chatrooms.Single(c => c!.Id() != fromGem)!["gem"]);
        Assert.DoesNotContain("A stranger's Gem.", text);
    }

    [Fact]
    public async Task Deleting_the_account_erases_the_preferences_and_every_gem_from_storage()
    {
        var (user, token) = await _api.NewSessionAsync();
        await (await _api.PutPreferencesAsync(token, new { instructions = "Call me Asha." })).ReadJsonAsync(HttpStatusCode.OK);
        await _api.CreateGemAsync(token, new { name = "Editor", instructions = "Tighten my prose." });
        await _api.CreateGemAsync(token, new { name = "Coach", instructions = "Be encouraging." });
        Assert.True(await StoredAsync<UserPreferencesState>("userPreferences", user.Id));
        Assert.True(await StoredAsync<UserGemsState>("userGems", user.Id));

        var deleted = await _api.SendAsync(HttpMethod.Delete, "/user/me", JsonContent.Create(new { password = user.Password }), token);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(await StoredAsync<UserPreferencesState>("userPreferences", user.Id));
        Assert.False(await StoredAsync<UserGemsState>("userGems", user.Id));
        var grain = fixture.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserPreferencesGrain>(user.Id);
        Assert.Equal(UserPreferences.Default, await grain.GetPreferencesAsync());
        Assert.Empty(await grain.ListGemsAsync());
    }

    /// <summary>Whether the preferences storage holds a record of <paramref name="stateName"/> for the user's preferences grain.</summary>
    private async Task<bool> StoredAsync<T>(string stateName, string userId)
        where T : new()
    {
        var storage = fixture.Factory.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Preferences);
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, GrainId.Create("userpreferences", userId), state);
        return state.RecordExists;
    }
}
