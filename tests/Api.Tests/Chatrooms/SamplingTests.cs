using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.GeminiEmulator;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>A deployment that sets sampling explicitly.</summary>
public sealed class SamplingFixture : ChatFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Gemini:Temperature", "0.4"), new("Gemini:TopK", "32")];
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

        var config = fixture.Gemini.Requests.Containing(marker).Single().Body["generationConfig"]!;
        Assert.Equal(0.4, config["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(32, config["topK"]!.GetValue<int>());
        Assert.Null(config["topP"]);
    }
}
