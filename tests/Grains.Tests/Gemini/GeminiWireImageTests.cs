using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiClone.Grains.Adapters.Gemini;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Tests.Gemini;

/// <summary>Images on the wire: asking for them, reading them (final and draft) and sending them back, signatures kept.</summary>
public sealed class GeminiWireImageTests
{
    // Spelled out here on purpose: the adapter keeps these keys private until the port (GeminiChatProperties) owns them.
    private const string ResponseModalitiesKey = GeminiChatProperties.ResponseModalities;
    private const string ImageConfigKey = GeminiChatProperties.ImageConfig;

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

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Shaped as Google's image generation guide shows a Gemini 3 image model's answer: a thought, a draft image it
    /// thought with, then the text and the final image, each of those with a signature.
    /// </summary>
    private const string ImageResponse = """
        {
          "candidates": [{
            "content": {
              "parts": [
                { "text": "**Composing the scene**\nA lighthouse at dusk, warm light...", "thought": true },
                { "inlineData": { "mimeType": "image/png", "data": "iVBORw0KGgo=" }, "thought": true },
                { "text": "Here is your lighthouse at dusk.", "thoughtSignature": "Ct8BAdHtim+text/sig==" },
                { "inlineData": { "mimeType": "image/png", "data": "iVBORw0KGgo=" }, "thoughtSignature": "Ct8BAdHtim+image/sig==" }
              ],
              "role": "model"
            },
            "finishReason": "STOP",
            "index": 0
          }],
          "usageMetadata": { "promptTokenCount": 9, "candidatesTokenCount": 1310, "totalTokenCount": 1402, "thoughtsTokenCount": 83 },
          "modelVersion": "gemini-3.8-pro-image"
        }
        """;

    [Fact]
    public void An_image_answer_is_its_text_and_its_final_image_with_their_signatures_and_no_draft()
    {
        var response = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk(ImageResponse));

        var contents = response.Messages.Single().Contents;
        Assert.Collection(contents,
            thought => Assert.StartsWith("**Composing the scene**", Assert.IsType<TextReasoningContent>(thought).Text),
            text => Assert.Equal(("Here is your lighthouse at dusk.", "Ct8BAdHtim+text/sig=="),
                (Assert.IsType<TextContent>(text).Text, text.AdditionalProperties![GeminiChatProperties.ThoughtSignature])),
            image =>
            {
                var data = Assert.IsType<DataContent>(image);
                Assert.Equal("image/png", data.MediaType);
                Assert.Equal(PngSignature, data.Data.ToArray());
                Assert.Equal("Ct8BAdHtim+image/sig==", data.AdditionalProperties![GeminiChatProperties.ThoughtSignature]);
            });
        Assert.Equal("Here is your lighthouse at dusk.", response.Text);
    }

    [Fact]
    public void A_streamed_draft_image_with_a_signature_leaves_only_the_signature_on_an_empty_thought()
    {
        var update = GeminiWireMapping.ToUpdate(GeminiWireMapping.ParseChunk("""
            {"candidates":[{"content":{"role":"model","parts":[
              {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="},"thought":true,"thoughtSignature":"EpYBdraft/sig"},
              {"inlineData":{"mimeType":"image/jpeg","data":"/9j/4AAQSkZJRg=="}}]},"index":0}]}
            """));

        Assert.Equal(2, update.Contents.Count);
        var draft = Assert.IsType<TextReasoningContent>(update.Contents[0]);
        Assert.Equal(("", "EpYBdraft/sig"), (draft.Text, draft.ProtectedData));
        var image = Assert.IsType<DataContent>(update.Contents[1]);
        Assert.Equal(("image/jpeg", 10), (image.MediaType, image.Data.Length));
        Assert.Null(image.AdditionalProperties);
    }

    [Theory]
    [InlineData("""{"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"not base64!"}}]},"finishReason":"STOP"}]}""")]
    [InlineData("""{"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"data:image/png;base64,iVBORw0KGgo="}}]},"finishReason":"STOP"}]}""")]
    public void Image_data_that_is_not_base64_is_a_bad_response(string body)
    {
        Assert.Throws<GeminiBadResponseException>(() => GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk(body)));
        Assert.Throws<GeminiBadResponseException>(() => GeminiWireMapping.ToUpdate(GeminiWireMapping.ParseChunk(body)));
    }

    [Fact]
    public void The_image_the_model_made_goes_back_in_history_with_its_signature_so_it_can_edit_it()
    {
        var answer = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk(ImageResponse)).Messages.Single();

        var parts = Serialize(GeminiWireMapping.ToGeminiRequest(
            [new ChatMessage(ChatRole.User, "Draw a lighthouse at dusk"), answer, new ChatMessage(ChatRole.User, "Now at dawn")], null))["contents"]![1]!["parts"]!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            [
              { "text": "**Composing the scene**\nA lighthouse at dusk, warm light...", "thought": true },
              { "text": "Here is your lighthouse at dusk.", "thoughtSignature": "Ct8BAdHtim+text/sig==" },
              { "inlineData": { "mimeType": "image/png", "data": "iVBORw0KGgo=" }, "thoughtSignature": "Ct8BAdHtim+image/sig==" }
            ]
            """), parts), parts.ToJsonString());
    }

    private static JsonNode Serialize(GeminiRequest request) =>
        JsonNode.Parse(JsonSerializer.Serialize(request, GeminiJsonContext.Default.GeminiRequest))!;
}
