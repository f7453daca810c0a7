using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiClone.Grains.Adapters.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Tests.Gemini;

/// <summary>Images on the wire: asking for them, reading them (final and draft) and sending them back, signatures kept.</summary>
public sealed class GeminiWireImageTests
{
    // Spelled out here on purpose: the adapter keeps these keys private until the port (GeminiChatProperties) owns them.
    private const string ResponseModalitiesKey = "gemini.responseModalities";
    private const string ImageConfigKey = "gemini.imageConfig";

    [Fact]
    public void Response_modalities_and_the_image_config_go_to_the_generation_config()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                [ResponseModalitiesKey] = new[] { "TEXT", "IMAGE" },
                [ImageConfigKey] = new Dictionary<string, string> { ["aspectRatio"] = "16:9", ["imageSize"] = "2K" },
            },
        };

        var config = Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Draw a lighthouse")], options))["generationConfig"]!;

        Assert.Equal("""{"responseModalities":["TEXT","IMAGE"],"imageConfig":{"aspectRatio":"16:9","imageSize":"2K"}}""", config.ToJsonString());
    }

    [Fact]
    public void An_image_config_sends_only_the_keys_Gemini_knows_and_nothing_when_it_has_none_of_them()
    {
        var some = new ChatOptions
        {
            AdditionalProperties = new() { [ImageConfigKey] = new Dictionary<string, string> { ["aspectRatio"] = "1:1", ["quality"] = "best" } },
        };
        var none = new ChatOptions
        {
            AdditionalProperties = new()
            {
                [ImageConfigKey] = new Dictionary<string, string> { ["quality"] = "best" },
                [ResponseModalitiesKey] = Array.Empty<string>(),
            },
        };

        Assert.Equal("""{"imageConfig":{"aspectRatio":"1:1"}}""",
            Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Hi")], some))["generationConfig"]!.ToJsonString());
        Assert.Null(Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Hi")], none))["generationConfig"]);
    }

    private static JsonNode Serialize(GeminiRequest request) =>
        JsonNode.Parse(JsonSerializer.Serialize(request, GeminiJsonContext.Default.GeminiRequest))!;
}
