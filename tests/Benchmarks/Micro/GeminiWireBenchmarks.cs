using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GeminiClone.Grains.Adapters.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>Our share of a Gemini call: serializing a 40-message request and parsing the streamed answer.</summary>
[ShortRunJob, MemoryDiagnoser]
public class GeminiWireBenchmarks
{
    private const string Chunk = """{"candidates":[{"content":{"role":"model","parts":[{"text":"Here is a sentence of an answer. "}]},"index":0}],"usageMetadata":{"promptTokenCount":812,"totalTokenCount":812},"modelVersion":"gemini-2.5-flash","responseId":"abc"}""";

    private readonly List<ChatMessage> _history = [.. Enumerable.Range(0, 40).Select(i =>
        new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, $"Message {i}: " + new string('x', 200)))];

    private readonly ChatOptions _options = new() { Instructions = "You are a helpful assistant." };
    private byte[] _sse = null!;

    [GlobalSetup]
    public void Setup() => _sse = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"data: {Chunk}\r\n\r\n", 20)));

    [Benchmark]
    public byte[] SerializeRequest() =>
        JsonSerializer.SerializeToUtf8Bytes(GeminiWireMapping.ToGeminiRequest(_history, _options), GeminiJsonContext.Default.GeminiRequest);

    [Benchmark]
    public async Task<int> ParseTwentySseChunks()
    {
        var length = 0;
        await foreach (var item in GeminiWireMapping.ChunkParser(new MemoryStream(_sse)).EnumerateAsync())
        {
            length += GeminiWireMapping.ToUpdate(item.Data).Text.Length;
        }

        return length;
    }
}
