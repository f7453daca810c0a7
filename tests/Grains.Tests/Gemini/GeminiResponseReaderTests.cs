using System.Text;
using System.Text.Json;
using GeminiClone.Grains.Adapters.Gemini;
using GeminiClone.Grains.Gemini;

namespace GeminiClone.Grains.Tests.Gemini;

/// <summary>
/// Gemini's answers of the common shape (streamed events and whole responses alike) are read directly, into exactly
/// what the serializer makes of the same bytes; every other shape is left to the serializer, which reads it as before.
/// </summary>
public sealed class GeminiResponseReaderTests
{
    private const string FirstPiece = """
        {"candidates": [{"content": {"parts": [{"text": "Hello"}],"role": "model"},"index": 0}],
         "usageMetadata": {"promptTokenCount": 9,"totalTokenCount": 9,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 9}]},
         "modelVersion": "gemini-3-pro-preview","responseId": "mAitaLmkHPPlz7IPvtfUqQ4"}
        """;

    private const string LastPiece = """
        {"candidates": [{"content": {"parts": [{"text": " there!","thoughtSignature": "CiQBcsjafH3kZ2Vu/+aGVsbG8="}],"role": "model"},
          "finishReason": "STOP","index": 0,"avgLogprobs": -0.25,
          "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT","probability": "NEGLIGIBLE","blocked": false}],
          "citationMetadata": {"citationSources": [{"startIndex": 1,"endIndex": 5,"uri": "https://example.com"}]}}],
         "usageMetadata": {"promptTokenCount": 9,"candidatesTokenCount": 20,"totalTokenCount": 128,"thoughtsTokenCount": 91,
          "cachedContentTokenCount": 8,"trafficType": "ON_DEMAND","candidatesTokensDetails": []},
         "modelVersion": "gemini-3-pro-preview","responseId": "x1","createTime": "2026-12-07T03:00:00Z"}
        """;

    public static TheoryData<string, string> CommonEvents => new()
    {
        { "a first piece, with the prompt's count and its details by modality", FirstPiece },
        {
            "a thought summary",
            """{"candidates":[{"content":{"parts":[{"text":"**Planning**\nI will greet.","thought":true}],"role":"model"},"index":0}],"modelVersion":"gemini-3-flash-preview"}"""
        },
        { "the last piece: a signature, the finish and every count", LastPiece },
        {
            "a signature alone, on an empty text part",
            """{"candidates":[{"content":{"parts":[{"text":"","thoughtSignature":"c2ln"}],"role":"model"},"finishReason":"STOP"}]}"""
        },
        {
            "nulls where values may be",
            """{"candidates":[{"content":{"parts":[{"text":null,"thought":null,"thoughtSignature":null},null],"role":null},"finishReason":null,"index":null},null],"usageMetadata":null,"modelVersion":null,"responseId":null}"""
        },
        {
            "no candidates at all",
            """{"usageMetadata":{"promptTokenCount":3}}"""
        },
        {
            "an empty candidate list",
            """{"candidates":[],"usageMetadata":{"promptTokenCount":3,"totalTokenCount":3}}"""
        },
        {
            "a content without parts",
            """{"candidates":[{"content":{"role":"model"},"finishReason":"MAX_TOKENS"}]}"""
        },
        {
            "parts null and an empty content",
            """{"candidates":[{"content":{"parts":null}},{"content":{}}]}"""
        },
        {
            "escapes and text beyond ASCII",
            """{"candidates":[{"content":{"parts":[{"text":"caf\u00e9 \"quoted\" \\ \ud83d\ude00 日本語"}],"role":"model"}}]}"""
        },
        {
            "an escaped name of a member read here",
            """{"candidates":[{"content":{"parts":[{"\u0074ext":"escaped name"}]}}]}"""
        },
        {
            "zero, a negative and the largest count, a thought false",
            """{"candidates":[{"content":{"parts":[{"text":"t","thought":false}]}}],"usageMetadata":{"promptTokenCount":0,"candidatesTokenCount":-1,"totalTokenCount":2147483647}}"""
        },
        {
            "members given twice: the last one counts",
            """{"modelVersion":"a","candidates":[{"content":{"parts":[{"text":"1"}]}}],"modelVersion":"b","candidates":[{"content":{"parts":[{"text":"2"}],"parts":[{"text":"3"}]}}]}"""
        },
        { "a member the serializer ignores, inside a content", """{"candidates":[{"content":{"json":"x","parts":[{"text":"a"}]}}]}""" },
        { "an unmapped member nested deep", """{"x":{"a":{"b":[[[{"c":[1,2,{"d":null}]}]]]}},"candidates":[]}""" },
        { "white space after the object", "{\"modelVersion\":\"m\"}\r\n" },
    };

    public static TheoryData<string, string> OtherEvents => new()
    {
        { "grounding", """{"candidates":[{"content":{"parts":[{"text":"x"}]},"groundingMetadata":{"webSearchQueries":["q"]}}]}""" },
        { "URL context", """{"candidates":[{"urlContextMetadata":{"urlMetadata":[]}}]}""" },
        { "an image", """{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"AAAA"}}]}}]}""" },
        { "code", """{"candidates":[{"content":{"parts":[{"executableCode":{"language":"PYTHON","code":"print(1)"}}]}}]}""" },
        { "a code result", """{"candidates":[{"content":{"parts":[{"codeExecutionResult":{"outcome":"OUTCOME_OK","output":"1"}}]}}]}""" },
        { "a file", """{"candidates":[{"content":{"parts":[{"fileData":{"mimeType":"text/plain","fileUri":"u"}}]}}]}""" },
        { "a blocked prompt", """{"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":3}}""" },
        { "a count written as a string", """{"usageMetadata":{"promptTokenCount":"12"}}""" },
        { "a member named in another case", """{"Candidates":[{"content":{"parts":[{"text":"x"}]}}]}""" },
        { "a part's member named in another case", """{"candidates":[{"content":{"parts":[{"Text":"x"}]}}]}""" },
        { "a count beyond an int", """{"usageMetadata":{"promptTokenCount":2147483648}}""" },
        { "a count with a fraction", """{"usageMetadata":{"promptTokenCount":1.0}}""" },
        { "an escaped name of a member not read here", """{"avg\u004cogprobs":-0.5,"candidates":[]}""" },
        { "an escaped name of a member only the serializer reads", """{"candidates":[{"gr\u006fundingMetadata":{"webSearchQueries":["q"]}}]}""" },
        { "a part that is not an object", """{"candidates":[{"content":{"parts":[1]}}]}""" },
    };

    [Theory]
    [MemberData(nameof(CommonEvents))]
    public void A_common_event_is_read_directly_into_what_the_serializer_makes_of_it(string shape, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.True(GeminiResponseReader.TryRead(bytes, out var read), shape);
        Assert.Equal(Written(Serialized(bytes)), Written(read));
    }

    [Theory]
    [MemberData(nameof(OtherEvents))]
    public void Any_other_event_is_left_to_the_serializer(string shape, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.False(GeminiResponseReader.TryRead(bytes, out _), shape);
        // And an event still reads, through the serializer (or is refused by it, as before).
        if (Serialized(bytes) is { } general)
        {
            Assert.Equal(Written(general), Written(GeminiWireMapping.ParseChunk(bytes)));
        }
        else
        {
            Assert.Throws<GeminiBadResponseException>(() => GeminiWireMapping.ParseChunk(bytes));
        }
    }

    [Theory]
    [MemberData(nameof(CommonEvents))]
    [MemberData(nameof(OtherEvents))]
    public void A_whole_response_reads_as_the_serializer_reads_it(string shape, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        if (Serialized(bytes) is { } general)
        {
            Assert.True(Written(general) == Written(GeminiWireMapping.ParseResponse(bytes)), $"{shape}: read differently");
        }
        else
        {
            Assert.Throws<GeminiBadResponseException>(() => GeminiWireMapping.ParseResponse(bytes));
        }
    }

    [Theory]
    [InlineData("""{"candidates":[{"content":{"parts":[{"text":"x"}]}}]""")]
    [InlineData("""{"candidates":[{"content":{"parts":[{"text":"x",}]}}]}""")]
    [InlineData("""{"candidates":[{"content":{"parts":[{"thought":"yes"}]}}]}""")]
    [InlineData("""{"candidates":{"index":0}}""")]
    [InlineData("""{"modelVersion":"m"} {"modelVersion":"n"}""")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("""{"candidates":[{"content":{"parts":[{"text":{}}]}}]}""")]
    [InlineData("""{"candidates":[{"content":{"parts":[{"text":"\ud800"}]}}]}""")]
    [InlineData("""{"text\udc00":1}""")]
    public void A_malformed_event_is_left_to_the_serializer_which_refuses_it(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.False(GeminiResponseReader.TryRead(bytes, out _));
        Assert.Throws<GeminiBadResponseException>(() => GeminiWireMapping.ParseChunk(bytes));
    }

    [Fact]
    public void Text_that_is_not_utf8_is_left_to_the_serializer_which_refuses_it()
    {
        byte[] json = [.. "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\""u8, 0xFF, .. "\"}]}}]}"u8];

        Assert.False(GeminiResponseReader.TryRead(json, out _));
        Assert.Throws<GeminiBadResponseException>(() => GeminiWireMapping.ParseChunk(json));
    }

    private static GeminiResponse? Serialized(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, GeminiJsonContext.Default.GeminiResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The whole object graph as the serializer writes it: records compare their lists by reference, this by content.</summary>
    private static string Written(GeminiResponse? response) => JsonSerializer.Serialize(response, GeminiJsonContext.Default.GeminiResponse!);
}
