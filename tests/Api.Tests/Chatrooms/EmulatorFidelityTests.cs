using System.Net;
using System.Net.Http.Json;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>The emulator refuses what Gemini refuses, so a test passing against it means something.</summary>
[Collection(ChatCollection.Name)]
public sealed class EmulatorFidelityTests(ChatFixture fixture)
{
    [Theory]
    [InlineData("gemini-3.8-flash", """{"thinkingLevel":"low","thinkingBudget":1024}""")]
    [InlineData("gemini-3.8-flash", """{"thinkingLevel":"extreme"}""")]
    [InlineData("gemini-2.5-flash", """{"thinkingLevel":"low"}""")]
    public async Task Thinking_configs_gemini_rejects_are_a_400(string model, string thinkingConfig)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Gemini.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1beta/models/{model}:generateContent")
        {
            Content = new StringContent(
                $$$"""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"thinkingConfig":{{{thinkingConfig}}}}}""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-goog-api-key", "emulator-key");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!["error"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task In_strict_mode_a_model_turn_without_its_signature_is_a_400()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Gemini.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1beta/models/gemini-3.8-flash:generateContent")
        {
            Content = new StringContent(
                """{"contents":[{"role":"user","parts":[{"text":"hi"}]},{"role":"model","parts":[{"text":"Reply #1: hi"}]},{"role":"user","parts":[{"text":"again [[strict]]"}]}]}""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-goog-api-key", "emulator-key");

        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(request)).StatusCode);
    }
}
