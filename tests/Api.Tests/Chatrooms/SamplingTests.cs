using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.GeminiEmulator;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>
/// A deployment that sets sampling explicitly, with a default model the catalog does not list (so nothing marks its
/// sampling deprecated) beside the catalog's Gemini 3 models (which Google deprecates sampling for).
/// </summary>
public sealed class SamplingFixture : ChatFixture
{
    public const string UnlistedModel = "gemini-sampling-test";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("Gemini:Temperature", "0.4"), new("Gemini:TopK", "32"), new("Gemini:Model", UnlistedModel)];
}

public sealed class SamplingTests(SamplingFixture fixture) : IClassFixture<SamplingFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Sampling_settings_reach_gemini_only_when_configured()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var marker = Guid.NewGuid().ToString("N");

        await _api.ChatAsync(token, id, marker);

        var request = fixture.Gemini.Requests.Containing(marker).Single();
        Assert.Equal(SamplingFixture.UnlistedModel, request.Model);
        var config = request.Body["generationConfig"]!;
        Assert.Equal(0.4, config["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(32, config["topK"]!.GetValue<int>());
        Assert.Null(config["topP"]);
    }

    [Fact]
    public async Task Sampling_settings_never_reach_a_model_for_which_Google_deprecates_them()
    {
        var (_, token) = await _api.NewSessionAsync();
        var created = await _api.PostJsonAsync("/chatroom", new { model = "gemini-3.8-flash" }, token);
        var id = (await created.ReadJsonAsync(System.Net.HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
        var marker = Guid.NewGuid().ToString("N");

        await _api.ChatAsync(token, id, marker);

        var request = fixture.Gemini.Requests.Containing(marker).Single();
        Assert.Equal("gemini-3.8-flash", request.Model);
        var config = request.Body["generationConfig"];
        Assert.Null(config?["temperature"]);
        Assert.Null(config?["topK"]);
    }
}
