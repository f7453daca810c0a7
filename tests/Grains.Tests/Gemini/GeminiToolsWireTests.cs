using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiClone.Grains.Adapters.Gemini;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Tests.Gemini;

/// <summary>Gemini's built-in tools on the wire, against shapes from Google's docs and recorded answers.</summary>
public sealed class GeminiToolsWireTests
{
    [Fact]
    public void Built_in_tools_go_to_the_request_one_object_each_in_the_order_given_and_functions_do_not()
    {
        var options = new ChatOptions
        {
            Tools =
            [
                new GeminiUrlContextTool(),
                AIFunctionFactory.Create(() => "sunny", "weather"),
                new HostedWebSearchTool(),
                new HostedCodeInterpreterTool(),
            ],
        };

        var json = Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Hi")], options));

        Assert.Equal("""[{"url_context":{}},{"google_search":{}},{"code_execution":{}}]""", json["tools"]!.ToJsonString());
    }

    [Fact]
    public void A_request_without_built_in_tools_has_no_tools_array()
    {
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => "sunny", "weather")] };

        Assert.Null(Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Hi")], options))["tools"]);
        Assert.Null(Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Hi")], null))["tools"]);
    }

    private static JsonNode Serialize(GeminiRequest request) =>
        JsonNode.Parse(JsonSerializer.Serialize(request, GeminiJsonContext.Default.GeminiRequest))!;
}
