using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiClone.Grains.Adapters.Gemini;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Tests.Gemini;

/// <summary>What Google Search grounding and URL context tell about an answer, as contents after its parts.</summary>
public sealed class GeminiToolsGroundingWireTests
{
    /// <summary>
    /// Shaped as Google's "Grounding with Google Search" guide shows an answer, with what recorded answers add: a
    /// support starting at 0 carries no <c>startIndex</c> (proto3 leaves zeros out), one support cites two sources.
    /// </summary>
    private const string GroundedResponse = """
        {
          "candidates": [{
            "content": {
              "parts": [{ "text": "Spain won Euro 2024, defeating England 2-1 in the final. This victory marks Spain's record fourth European Championship title." }],
              "role": "model"
            },
            "finishReason": "STOP",
            "index": 0,
            "groundingMetadata": {
              "webSearchQueries": ["UEFA Euro 2024 winner", "who won euro 2024"],
              "searchEntryPoint": {
                "renderedContent": "<style>\n.container { align-items: center; border-radius: 999px; }\n</style>\n<div class=\"container\"><a class=\"chip\" href=\"https://www.google.com/search?q=who+won+euro+2024\u0026client=app-vertex-grounding\">who won euro 2024</a></div>\n"
              },
              "groundingChunks": [
                { "web": { "uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/AUZIYQHaljazeera", "title": "aljazeera.com" } },
                { "web": { "uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/AUZIYQEuefa", "title": "uefa.com" } }
              ],
              "groundingSupports": [
                {
                  "segment": { "endIndex": 56, "text": "Spain won Euro 2024, defeating England 2-1 in the final." },
                  "groundingChunkIndices": [0]
                },
                {
                  "segment": { "partIndex": 0, "startIndex": 57, "endIndex": 124, "text": "This victory marks Spain's record fourth European Championship title." },
                  "groundingChunkIndices": [0, 1],
                  "confidenceScores": [0.94, 0.71]
                }
              ]
            }
          }],
          "usageMetadata": { "promptTokenCount": 8, "candidatesTokenCount": 31, "totalTokenCount": 39, "toolUsePromptTokenCount": 412 },
          "modelVersion": "gemini-3.8-flash"
        }
        """;

    [Fact]
    public void Grounding_metadata_becomes_one_content_after_the_parts_with_queries_sources_supports_and_the_entry_point_as_sent()
    {
        var response = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk(GroundedResponse));

        var contents = response.Messages.Single().Contents;
        Assert.Equal(2, contents.Count);
        Assert.IsType<TextContent>(contents[0]);
        var grounding = Assert.IsType<GeminiGroundingContent>(contents[1]);
        Assert.Equal(["UEFA Euro 2024 winner", "who won euro 2024"], grounding.Queries);
        Assert.Equal(
            [
                new GeminiGroundingSource("https://vertexaisearch.cloud.google.com/grounding-api-redirect/AUZIYQHaljazeera", "aljazeera.com"),
                new GeminiGroundingSource("https://vertexaisearch.cloud.google.com/grounding-api-redirect/AUZIYQEuefa", "uefa.com"),
            ],
            grounding.Sources);
        var first = grounding.Supports[0];
        Assert.Equal((null, null, 56, "Spain won Euro 2024, defeating England 2-1 in the final."), (first.PartIndex, first.StartByte, first.EndByte, first.Text));
        Assert.Equal([0], first.SourceIndices);
        Assert.Null(first.Confidence);
        var second = grounding.Supports[1];
        Assert.Equal((0, 57, 124), (second.PartIndex, second.StartByte, second.EndByte));
        Assert.Equal([0, 1], second.SourceIndices);
        Assert.Equal([0.94, 0.71], second.Confidence!);
        Assert.Equal(
            "<style>\n.container { align-items: center; border-radius: 999px; }\n</style>\n<div class=\"container\"><a class=\"chip\" href=\"https://www.google.com/search?q=who+won+euro+2024&client=app-vertex-grounding\">who won euro 2024</a></div>\n",
            grounding.SearchEntryPoint);
        Assert.StartsWith("Spain won Euro 2024", response.Text);
    }

    [Fact]
    public void A_source_that_is_not_a_web_page_keeps_its_place_so_support_indices_still_point_right()
    {
        var response = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Two sources."}]},"finishReason":"STOP",
              "groundingMetadata":{"groundingChunks":[{"retrievedContext":{"uri":"gs://corpus/a.pdf"}},{"web":{"uri":"https://b.example","title":"b.example"}}],
                "groundingSupports":[{"segment":{"endIndex":12},"groundingChunkIndices":[1]}]}}]}
            """));

        var grounding = Assert.Single(response.Messages.Single().Contents.OfType<GeminiGroundingContent>());
        Assert.Equal([new GeminiGroundingSource(null, null), new GeminiGroundingSource("https://b.example", "b.example")], grounding.Sources);
        Assert.Equal("https://b.example", grounding.Sources[Assert.Single(grounding.Supports).SourceIndices[0]].Uri);
        Assert.Empty(grounding.Queries);
        Assert.Null(grounding.SearchEntryPoint);
    }

    [Fact]
    public void Metadata_that_says_nothing_adds_no_content()
    {
        var response = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Hi!"}]},"finishReason":"STOP",
              "groundingMetadata":{"webSearchQueries":[],"groundingChunks":[],"groundingSupports":[],"retrievalMetadata":{}},
              "urlContextMetadata":{"urlMetadata":[]}}]}
            """));

        Assert.IsType<TextContent>(Assert.Single(response.Messages.Single().Contents));
    }

    [Fact]
    public void A_search_entry_point_alone_is_kept_since_Googles_terms_require_showing_it()
    {
        var response = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Spain."}]},"finishReason":"STOP",
              "groundingMetadata":{"searchEntryPoint":{"renderedContent":"<div class=\"chips\"></div>"}}}]}
            """));

        var grounding = Assert.IsType<GeminiGroundingContent>(response.Messages.Single().Contents[^1]);
        Assert.Equal("<div class=\"chips\"></div>", grounding.SearchEntryPoint);
        Assert.Empty(grounding.Sources);
    }

    [Fact]
    public void URL_context_metadata_becomes_one_content_with_each_page_and_how_its_retrieval_went()
    {
        // Shaped as Google's "URL context" guide shows urlContextMetadata.
        var response = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Both recipes use eggs."}]},"finishReason":"STOP",
              "urlContextMetadata":{"urlMetadata":[
                {"retrievedUrl":"https://www.foodnetwork.com/recipes/ina-garten/perfect-roast-chicken-recipe-1940592","urlRetrievalStatus":"URL_RETRIEVAL_STATUS_SUCCESS"},
                {"retrievedUrl":"https://paywalled.example/recipe","urlRetrievalStatus":"URL_RETRIEVAL_STATUS_ERROR"}]}}]}
            """));

        var contents = response.Messages.Single().Contents;
        var urls = Assert.IsType<GeminiUrlContextContent>(contents[^1]);
        Assert.Equal(
            [
                new GeminiUrlRetrieval("https://www.foodnetwork.com/recipes/ina-garten/perfect-roast-chicken-recipe-1940592", "URL_RETRIEVAL_STATUS_SUCCESS"),
                new GeminiUrlRetrieval("https://paywalled.example/recipe", "URL_RETRIEVAL_STATUS_ERROR"),
            ],
            urls.Urls);
        Assert.Equal(2, contents.Count);
    }

    [Fact]
    public void A_streamed_answer_gets_grounding_and_URL_context_on_the_chunk_that_carries_them()
    {
        var codeCalls = new GeminiCodeCallIds();
        var first = GeminiWireMapping.ToUpdate(GeminiWireMapping.ParseChunk("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Spain won Euro 2024"}]},"index":0}],"usageMetadata":{"promptTokenCount":8,"totalTokenCount":8}}
            """), codeCalls);
        var last = GeminiWireMapping.ToUpdate(GeminiWireMapping.ParseChunk("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"."}]},"finishReason":"STOP","index":0,
              "groundingMetadata":{"webSearchQueries":["who won euro 2024"],"searchEntryPoint":{"renderedContent":"<div>chips</div>"},
                "groundingChunks":[{"web":{"uri":"https://vertexaisearch.cloud.google.com/grounding-api-redirect/x","title":"uefa.com"}}],
                "groundingSupports":[{"segment":{"endIndex":19,"text":"Spain won Euro 2024"},"groundingChunkIndices":[0]}]},
              "urlContextMetadata":{"urlMetadata":[{"retrievedUrl":"https://www.uefa.com/euro2024/","urlRetrievalStatus":"URL_RETRIEVAL_STATUS_SUCCESS"}]}}],
             "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":6,"totalTokenCount":14}}
            """), codeCalls);

        Assert.IsType<TextContent>(Assert.Single(first.Contents));
        Assert.Collection(last.Contents,
            text => Assert.Equal(".", Assert.IsType<TextContent>(text).Text),
            grounding => Assert.Equal("<div>chips</div>", Assert.IsType<GeminiGroundingContent>(grounding).SearchEntryPoint),
            urls => Assert.Equal("https://www.uefa.com/euro2024/", Assert.Single(Assert.IsType<GeminiUrlContextContent>(urls).Urls).Url),
            usage => Assert.Equal(14, Assert.IsType<UsageContent>(usage).Details.TotalTokenCount));
        var whole = new[] { first, last }.ToChatResponse();
        Assert.Equal("Spain won Euro 2024.", whole.Text);
        Assert.Equal(19, Assert.Single(whole.Messages.Single().Contents.OfType<GeminiGroundingContent>()).Supports[0].EndByte);
    }

    [Fact]
    public void What_grounding_and_URL_context_told_stays_out_of_the_history_Gemini_is_sent()
    {
        var answer = GeminiWireMapping.ToChatResponse(GeminiWireMapping.ParseChunk(GroundedResponse)).Messages.Single();
        answer.Contents.Add(new GeminiUrlContextContent { Urls = [new GeminiUrlRetrieval("https://www.uefa.com/", "URL_RETRIEVAL_STATUS_SUCCESS")] });

        var json = Serialize(GeminiWireMapping.ToGeminiRequest([new ChatMessage(ChatRole.User, "Who won Euro 2024?"), answer], null));

        Assert.Equal(
            """[{"text":"Spain won Euro 2024, defeating England 2-1 in the final. This victory marks Spain\u0027s record fourth European Championship title."}]""",
            json["contents"]![1]!["parts"]!.ToJsonString());
    }

    private static JsonNode Serialize(GeminiRequest request) =>
        JsonNode.Parse(JsonSerializer.Serialize(request, GeminiJsonContext.Default.GeminiRequest))!;
}
