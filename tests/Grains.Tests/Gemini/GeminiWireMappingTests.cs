using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiClone.Grains.Adapters.Gemini;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Tests.Gemini;

/// <summary>The client's JSON mapping, against response shapes from Gemini's API reference.</summary>
public sealed class GeminiWireMappingTests
{
    private const string DocumentedResponse = """
        {
          "candidates": [{
            "content": { "parts": [{ "text": "Hello! How can I " }, { "text": "help?" }], "role": "model" },
            "finishReason": "STOP",
            "index": 0,
            "safetyRatings": [{ "category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE" }]
          }],
          "usageMetadata": {
            "promptTokenCount": 4, "candidatesTokenCount": 9, "totalTokenCount": 33, "thoughtsTokenCount": 20,
            "promptTokensDetails": [{ "modality": "TEXT", "tokenCount": 4 }]
          },
          "modelVersion": "gemini-2.5-flash",
          "responseId": "mAitaLmkHPPlz7IPvtfUqQ4"
        }
        """;

    [Fact]
    public void A_conversation_becomes_contents_with_user_and_model_roles_and_a_system_instruction()
    {
        var request = GeminiWireMapping.ToGeminiRequest(
            [
                new ChatMessage(ChatRole.System, "Be brief."),
                new ChatMessage(ChatRole.User, "Hi"),
                new ChatMessage(ChatRole.Assistant, "Hello!"),
                new ChatMessage(ChatRole.User, "First part"),
                new ChatMessage(ChatRole.User, "second part"),
            ],
            new ChatOptions { Instructions = "You are GeminiClone." });

        var json = JsonNode.Parse(JsonSerializer.Serialize(request, GeminiJsonContext.Default.GeminiRequest))!;

        Assert.Equal("""[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello!"}]},{"role":"user","parts":[{"text":"First part"},{"text":"second part"}]}]""",
            json["contents"]!.ToJsonString());
        Assert.Equal("""{"parts":[{"text":"You are GeminiClone."},{"text":"Be brief."}]}""", json["systemInstruction"]!.ToJsonString());
        Assert.Null(json["generationConfig"]);
    }

    [Fact]
    public void Chat_options_become_a_generation_config()
    {
        var request = GeminiWireMapping.ToGeminiRequest(
            [new ChatMessage(ChatRole.User, "Hi")],
            new ChatOptions { Temperature = 0.5f, TopP = 0.9f, TopK = 40, MaxOutputTokens = 256, StopSequences = ["END"], Seed = 7, ResponseFormat = ChatResponseFormat.Json });

        var config = JsonNode.Parse(JsonSerializer.Serialize(request, GeminiJsonContext.Default.GeminiRequest))!["generationConfig"]!;

        Assert.Equal(0.5, config["temperature"]!.GetValue<double>());
        Assert.Equal(0.9, config["topP"]!.GetValue<double>(), 5);
        Assert.Equal(40, config["topK"]!.GetValue<int>());
        Assert.Equal(256, config["maxOutputTokens"]!.GetValue<int>());
        Assert.Equal("END", config["stopSequences"]![0]!.GetValue<string>());
        Assert.Equal(7, config["seed"]!.GetValue<int>());
        Assert.Equal("application/json", config["responseMimeType"]!.GetValue<string>());
    }

    [Fact]
    public void A_documented_response_maps_text_finish_reason_usage_and_ids()
    {
        var response = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk(DocumentedResponse));

        Assert.Equal("Hello! How can I help?", response.Text);
        Assert.Equal(ChatRole.Assistant, response.Messages.Single().Role);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(4, response.Usage!.InputTokenCount);
        Assert.Equal(9, response.Usage.OutputTokenCount);
        Assert.Equal(33, response.Usage.TotalTokenCount);
        Assert.Equal(20, response.Usage.ReasoningTokenCount);
        Assert.Equal("gemini-2.5-flash", response.ModelId);
        Assert.Equal("mAitaLmkHPPlz7IPvtfUqQ4", response.ResponseId);
    }

    [Fact]
    public void Thought_parts_are_not_part_of_the_answer()
    {
        var response = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Let me think...","thought":true},{"text":"42"}]},"finishReason":"STOP"}]}
            """));

        Assert.Equal("42", response.Text);
    }

    [Theory]
    [InlineData("MAX_TOKENS", "length")]
    [InlineData("SAFETY", "content_filter")]
    [InlineData("RECITATION", "content_filter")]
    [InlineData("PROHIBITED_CONTENT", "content_filter")]
    [InlineData("OTHER", "OTHER")]
    public void Finish_reasons_map_onto_the_abstraction(string gemini, string expected)
    {
        Assert.Equal(expected, GeminiWireMapping.ToFinishReason(gemini)!.Value.Value);
    }

    [Fact]
    public void A_blocked_prompt_is_a_typed_exception_carrying_the_reason()
    {
        var body = GeminiWireMapping.ParseChunk("""
            {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH"}]},
             "usageMetadata":{"promptTokenCount":8,"totalTokenCount":8},"modelVersion":"gemini-2.5-flash"}
            """);

        var error = Assert.Throws<GeminiPromptBlockedException>(() => GeminiWireMapping.ToChatResponse(body));

        Assert.Equal("SAFETY", error.BlockReason);
    }

    [Fact]
    public void A_response_without_candidates_or_feedback_is_a_bad_response()
    {
        Assert.Throws<GeminiBadResponseException>(() => GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk("{}")));
        Assert.Throws<GeminiBadResponseException>(() => GeminiWireMapping.ParseChunk("{not json"));
    }

    [Fact]
    public void Stream_chunks_carry_their_text_and_usage_only_on_the_finishing_chunk()
    {
        var middle = GeminiWireMapping.ToUpdate(GeminiWireMapping.ParseChunk("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]},"index":0}],"usageMetadata":{"promptTokenCount":4,"totalTokenCount":4}}
            """));
        var last = GeminiWireMapping.ToUpdate(GeminiWireMapping.ParseChunk("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"lo"}]},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":2,"totalTokenCount":6}}
            """));

        Assert.Equal("Hel", middle.Text);
        Assert.Null(middle.FinishReason);
        Assert.DoesNotContain(middle.Contents, c => c is UsageContent);
        Assert.Equal("lo", last.Text);
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        Assert.Equal(6, Assert.Single(last.Contents.OfType<UsageContent>()).Details.TotalTokenCount);
        Assert.Equal("Hello", new[] { middle, last }.ToChatResponse().Text);
    }

    [Fact]
    public async Task Geminis_error_body_becomes_a_typed_exception_with_its_retry_hint()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent("""
                {"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED",
                  "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generate_content_free_tier_requests"}]},
                             {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"43s"}]}}
                """, Encoding.UTF8, "application/json"),
        };

        var error = await GeminiErrors.ToExceptionAsync(response, CancellationToken.None);

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", error.Status);
        Assert.Equal("You exceeded your current quota.", error.GeminiMessage);
        Assert.Equal(TimeSpan.FromSeconds(43), error.RetryAfter);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task A_retry_after_header_wins_and_a_non_json_error_still_reports_its_status()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("<html>Bad Request</html>") };
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(5));

        var error = await GeminiErrors.ToExceptionAsync(response, CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("Bad Request", error.GeminiMessage);
        Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);
        Assert.False(error.IsTransient);
    }
    /// <summary>Shaped as Google's thought-signature guide shows a Gemini 3 text answer: the signature on the text part.</summary>
    private const string DocumentedGemini3Response = """
        {
          "candidates": [{
            "content": {
              "parts": [
                { "text": "**Weighing the options**\nThe user wants...", "thought": true },
                { "text": "Pick the train.", "thoughtSignature": "CvcBAdHtim9+q2rM8Iy0e0vXb1fQ==" }
              ],
              "role": "model"
            },
            "finishReason": "STOP",
            "index": 0
          }],
          "usageMetadata": { "promptTokenCount": 12, "candidatesTokenCount": 5, "totalTokenCount": 113, "thoughtsTokenCount": 96, "cachedContentTokenCount": 8 },
          "modelVersion": "gemini-3.8-flash",
          "responseId": "z2xqaPf7Bc6hz7IP3r2A"
        }
        """;

    [Fact]
    public void A_Gemini_3_answer_keeps_its_thought_summary_apart_and_its_signature_on_the_text_part()
    {
        var response = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk(DocumentedGemini3Response));

        var contents = response.Messages.Single().Contents;
        Assert.Equal("Pick the train.", response.Text);
        Assert.StartsWith("**Weighing the options**", Assert.IsType<TextReasoningContent>(contents[0]).Text);
        Assert.Equal("CvcBAdHtim9+q2rM8Iy0e0vXb1fQ==", contents[1].AdditionalProperties![GeminiChatClient.ThoughtSignatureKey]);
        Assert.Equal("STOP", response.AdditionalProperties![GeminiChatClient.FinishReasonKey]);
        Assert.Equal((96L, 8L), (response.Usage!.ReasoningTokenCount!.Value, response.Usage.CachedInputTokenCount!.Value));
    }

    [Fact]
    public void A_signature_streamed_on_a_last_empty_part_is_kept()
    {
        var update = GeminiWireMapping.ToUpdate(GeminiWireMapping.ParseChunk("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"","thoughtSignature":"c2lnbmF0dXJl"}]},"finishReason":"MAX_TOKENS","index":0}],
             "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":7,"totalTokenCount":10}}
            """));

        var text = Assert.IsType<TextContent>(update.Contents[0]);
        Assert.Equal(("", "c2lnbmF0dXJl"), (text.Text, text.AdditionalProperties![GeminiChatClient.ThoughtSignatureKey]));
        Assert.Equal("MAX_TOKENS", update.AdditionalProperties![GeminiChatClient.FinishReasonKey]);
    }

    [Fact]
    public void Signatures_go_back_exactly_as_received_on_the_part_they_came_with()
    {
        var answer = new ChatMessage(ChatRole.Assistant,
        [
            new TextReasoningContent("thinking") { ProtectedData = "sig-thought" },
            new TextContent("Pick ") ,
            new TextContent("the train.") { AdditionalProperties = new() { [GeminiChatClient.ThoughtSignatureKey] = "CvcB+/==" } },
        ]);

        var json = Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Train or bus?"), answer], null));

        // Compared as JSON values: the writer may escape '+' in a signature, which Gemini reads back the same.
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"text":"thinking","thought":true,"thoughtSignature":"sig-thought"},{"text":"Pick "},{"text":"the train.","thoughtSignature":"CvcB+/=="}]"""),
            json["contents"]![1]!["parts"]), json["contents"]![1]!["parts"]!.ToJsonString());
    }

    [Fact]
    public void A_Gemini_3_turn_asks_for_a_thinking_level_and_thought_summaries_and_no_sampling_settings()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new() { [GeminiChatClient.ThinkingLevelKey] = "low" },
            Reasoning = new ReasoningOptions { Output = ReasoningOutput.Summary },
        };

        var config = Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Hi")], options))["generationConfig"]!;

        Assert.Equal("""{"thinkingConfig":{"thinkingLevel":"low","includeThoughts":true}}""", config.ToJsonString());
    }

    [Fact]
    public void A_budget_is_sent_only_without_a_level_so_a_request_never_carries_both()
    {
        var budgetOnly = new ChatOptions { AdditionalProperties = new() { [GeminiChatClient.ThinkingBudgetKey] = 1024 } };
        var both = new ChatOptions
        {
            AdditionalProperties = new() { [GeminiChatClient.ThinkingLevelKey] = "high", [GeminiChatClient.ThinkingBudgetKey] = 1024 },
        };

        Assert.Equal("""{"thinkingBudget":1024}""",
            Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Hi")], budgetOnly))["generationConfig"]!["thinkingConfig"]!.ToJsonString());
        Assert.Equal("""{"thinkingLevel":"high"}""",
            Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Hi")], both))["generationConfig"]!["thinkingConfig"]!.ToJsonString());
    }

    private static JsonNode Serialize(GeminiRequest request) =>
        JsonNode.Parse(JsonSerializer.Serialize(request, GeminiJsonContext.Default.GeminiRequest))!;
}
