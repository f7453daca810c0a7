using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace GeminiClone.GeminiEmulator;

/// <summary>What a client sent, for tests that check what reached "Gemini".</summary>
public sealed record RecordedRequest(string Model, bool Streamed, string? ApiKey, JsonObject Body)
{
    /// <summary>The conversation as (role, text) pairs, in order.</summary>
    public IReadOnlyList<(string Role, string Text)> Turns =>
        [.. (Body["contents"]?.AsArray() ?? []).Select(c => (
            c!["role"]?.GetValue<string>() ?? "user",
            string.Concat((c["parts"]?.AsArray() ?? []).Select(p => p!["text"]?.GetValue<string>()))))];

    public string? SystemInstruction =>
        Body["systemInstruction"]?["parts"]?.AsArray().Select(p => p!["text"]?.GetValue<string>()).FirstOrDefault();
}

public sealed class RequestLog
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> All => [.. _requests];

    public void Add(RecordedRequest request) => _requests.Enqueue(request);

    /// <summary>Requests whose last user turn contains <paramref name="marker"/>.</summary>
    public IReadOnlyList<RecordedRequest> Containing(string marker) =>
        [.. _requests.Where(r => r.Turns.Count > 0 && r.Turns[^1].Text.Contains(marker, StringComparison.Ordinal))];
}
