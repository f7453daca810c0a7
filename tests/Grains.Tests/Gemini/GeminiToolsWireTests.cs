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

    /// <summary>
    /// Shaped as Google's code execution guide shows an answer (a Gemini 3 one: the signature rides on the first part
    /// after its thinking, here the code).
    /// </summary>
    private const string CodeExecutionResponse = """
        {
          "candidates": [{
            "content": {
              "parts": [
                { "text": "I'll add up the first 50 primes with code." },
                {
                  "executableCode": { "language": "PYTHON", "code": "primes = [n for n in range(2, 230) if all(n % d for d in range(2, n))][:50]\nprint(f'{sum(primes)=}')\n" },
                  "thoughtSignature": "EqQBCqEBAdHtim+code+sig=="
                },
                { "codeExecutionResult": { "outcome": "OUTCOME_OK", "output": "sum(primes)=5117\n" } },
                { "text": "The sum of the first 50 prime numbers is 5117." }
              ],
              "role": "model"
            },
            "finishReason": "STOP",
            "index": 0
          }],
          "usageMetadata": { "promptTokenCount": 38, "candidatesTokenCount": 214, "totalTokenCount": 252 },
          "modelVersion": "gemini-3.8-flash"
        }
        """;

    [Fact]
    public void Code_and_its_result_become_code_interpreter_contents_paired_by_call_id_between_the_text()
    {
        var response = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk(CodeExecutionResponse));

        var contents = response.Messages.Single().Contents;
        Assert.Equal(4, contents.Count);
        var code = Assert.IsType<CodeInterpreterToolCallContent>(contents[1]);
        var result = Assert.IsType<CodeInterpreterToolResultContent>(contents[2]);
        Assert.StartsWith("primes = [n for n", Assert.IsType<TextContent>(Assert.Single(code.Inputs!)).Text);
        Assert.Equal("PYTHON", code.AdditionalProperties![GeminiChatProperties.CodeLanguage]);
        Assert.Equal("EqQBCqEBAdHtim+code+sig==", code.AdditionalProperties[GeminiChatProperties.ThoughtSignature]);
        Assert.Equal("sum(primes)=5117\n", Assert.IsType<TextContent>(Assert.Single(result.Outputs!)).Text);
        Assert.Equal("OUTCOME_OK", result.AdditionalProperties![GeminiChatProperties.CodeOutcome]);
        Assert.False(result.AdditionalProperties.ContainsKey(GeminiChatProperties.ThoughtSignature));
        Assert.False(string.IsNullOrEmpty(code.CallId));
        Assert.Equal(code.CallId, result.CallId);
        Assert.Equal("I'll add up the first 50 primes with code.The sum of the first 50 prime numbers is 5117.", response.Text);
    }

    [Fact]
    public void A_streamed_result_pairs_with_the_code_an_earlier_chunk_carried_and_each_run_has_its_own_id()
    {
        var codeCalls = new GeminiCodeCallIds();
        ChatResponseUpdate Chunk(string parts) => GeminiWireMapping.ToUpdate(
            GeminiWireMapping.ParseChunk($$"""{"candidates":[{"content":{"role":"model","parts":[{{parts}}]},"index":0}]}"""), codeCalls);

        var updates = new[]
        {
            Chunk("""{"executableCode":{"language":"PYTHON","code":"print(1/0)"}}"""),
            Chunk("""{"codeExecutionResult":{"outcome":"OUTCOME_FAILED","output":"ZeroDivisionError: division by zero"}}"""),
            Chunk("""{"executableCode":{"language":"PYTHON","code":"x = 1"}}"""),
            Chunk("""{"codeExecutionResult":{"outcome":"OUTCOME_OK"}}"""),
        };

        var first = Assert.IsType<CodeInterpreterToolCallContent>(Assert.Single(updates[0].Contents));
        var firstResult = Assert.IsType<CodeInterpreterToolResultContent>(Assert.Single(updates[1].Contents));
        var second = Assert.IsType<CodeInterpreterToolCallContent>(Assert.Single(updates[2].Contents));
        var secondResult = Assert.IsType<CodeInterpreterToolResultContent>(Assert.Single(updates[3].Contents));
        Assert.Equal(first.CallId, firstResult.CallId);
        Assert.Equal(second.CallId, secondResult.CallId);
        Assert.NotEqual(first.CallId, second.CallId);
        Assert.Equal("OUTCOME_FAILED", firstResult.AdditionalProperties![GeminiChatProperties.CodeOutcome]);
        Assert.Equal("", Assert.IsType<TextContent>(Assert.Single(secondResult.Outputs!)).Text);
        Assert.Equal(4, updates.ToChatResponse().Messages.Single().Contents.Count);
    }

    [Fact]
    public void Code_its_result_and_their_signature_go_back_in_history_as_Gemini_sent_them()
    {
        var answer = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk(CodeExecutionResponse)).Messages.Single();

        var json = Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Sum the first 50 primes."), answer], null));

        var sent = JsonNode.Parse(CodeExecutionResponse)!["candidates"]![0]!["content"]!["parts"];
        Assert.True(JsonNode.DeepEquals(sent, json["contents"]![1]!["parts"]), json["contents"]![1]!["parts"]!.ToJsonString());
    }

    [Fact]
    public void Code_without_Geminis_keys_goes_back_as_Python_with_an_unspecified_outcome()
    {
        var answer = new ChatMessage(ChatRole.Assistant,
        [
            new CodeInterpreterToolCallContent("call_1") { Inputs = [new TextContent("print(6 * 7)")] },
            new CodeInterpreterToolResultContent("call_1") { Outputs = [new TextContent("42\n")] },
        ]);

        var parts = Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "6 times 7?"), answer], null))["contents"]![1]!["parts"]!;

        Assert.Equal("""[{"executableCode":{"language":"PYTHON","code":"print(6 * 7)"}},{"codeExecutionResult":{"outcome":"OUTCOME_UNSPECIFIED","output":"42\n"}}]""",
            parts.ToJsonString());
    }

    [Fact]
    public void Every_new_wire_record_has_source_generated_JSON_metadata()
    {
        Type[] records =
        [
            typeof(GeminiTool), typeof(GeminiToolSettings), typeof(GeminiImageConfig), typeof(GeminiExecutableCode),
            typeof(GeminiCodeExecutionResult), typeof(GeminiGroundingMetadata), typeof(GeminiGroundingChunk), typeof(GeminiWebChunk),
            typeof(GeminiSupport), typeof(GeminiSegment), typeof(GeminiSearchEntryPoint), typeof(GeminiUrlContextMetadata), typeof(GeminiUrlMetadata),
        ];

        Assert.All(records, type => Assert.NotNull(GeminiJsonContext.Default.GetTypeInfo(type)));
    }

    private static JsonNode Serialize(GeminiRequest request) =>
        JsonNode.Parse(JsonSerializer.Serialize(request, GeminiJsonContext.Default.GeminiRequest))!;
}
