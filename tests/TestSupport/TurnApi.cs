using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace GeminiClone.TestSupport;

/// <summary>One server-sent event: its name, its id (null when the event carried none) and its JSON data.</summary>
public sealed record SseEvent(string Event, string? Id, JsonNode Data)
{
    public string Text => Data["text"]!.GetValue<string>();
}

/// <summary>Reads server-sent events one at a time, as a browser's EventSource does, so a test can stop half-way.</summary>
public sealed class SseReader(HttpResponseMessage response) : IDisposable
{
    private StreamReader? _reader;

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async Task<SseEvent?> NextAsync()
    {
        _reader ??= new StreamReader(await response.Content.ReadAsStreamAsync());
        string? name = null, id = null, data = null;
        while (await _reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && data is not null)
            {
                return new SseEvent(name ?? "message", id, JsonNode.Parse(data)!);
            }
        }

        return null;
    }

    /// <summary>Every event left, up to the end of the stream.</summary>
    public async Task<List<SseEvent>> RestAsync()
    {
        var events = new List<SseEvent>();
        while (await NextAsync() is { } next)
        {
            events.Add(next);
        }

        return events;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        response.Dispose();
    }
}

/// <summary>Turns beyond a plain send: regenerate, edit, follow, stop.</summary>
public static class TurnApi
{
    /// <summary>
    /// A turn request; with <paramref name="stream"/> the answer is read as events (headers only are awaited). A
    /// <paramref name="traceParent"/> puts the request in a W3C trace of the test's own.
    /// </summary>
    public static async Task<HttpResponseMessage> TurnAsync(
        this ApiClient api, HttpMethod method, string path, string token, object? body = null, bool stream = false,
        string? idempotencyKey = null, string? lastEventId = null, string? traceParent = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        if (traceParent is not null)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        return await api.Http.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);
    }

    public static Task<HttpResponseMessage> SendAsync(this ApiClient api, string token, string chatroomId, string message, bool stream = false, string? idempotencyKey = null) =>
        api.TurnAsync(HttpMethod.Post, $"/chatroom/{chatroomId}/message", token, new { message }, stream, idempotencyKey);

    public static Task<HttpResponseMessage> RegenerateAsync(this ApiClient api, string token, string chatroomId, bool stream = false) =>
        api.TurnAsync(HttpMethod.Post, $"/chatroom/{chatroomId}/regenerate", token, stream: stream);

    public static Task<HttpResponseMessage> EditAsync(this ApiClient api, string token, string chatroomId, int seq, string message) =>
        api.TurnAsync(HttpMethod.Patch, $"/chatroom/{chatroomId}/messages/{seq}", token, new { message });

    public static Task<HttpResponseMessage> FollowAsync(this ApiClient api, string token, string chatroomId, string turnId, string? lastEventId = null) =>
        api.TurnAsync(HttpMethod.Get, $"/chatroom/{chatroomId}/turns/{turnId}/events", token, stream: true, lastEventId: lastEventId);

    public static Task<HttpResponseMessage> StopAsync(this ApiClient api, string token, string chatroomId, string? turnId = null) =>
        api.TurnAsync(HttpMethod.Post, turnId is null ? $"/chatroom/{chatroomId}/stop" : $"/chatroom/{chatroomId}/turns/{turnId}/stop", token);

    /// <summary>Polls the chatroom until a turn is generating in it, and returns that turn (<c>data.generating</c>).</summary>
    public static async Task<JsonNode> WaitUntilGeneratingAsync(this ApiClient api, string token, string chatroomId, Func<JsonNode, bool>? until = null)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if ((await api.GetChatroomAsync(token, chatroomId))["generating"] is { } generating && (until?.Invoke(generating) ?? true))
            {
                return generating;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"No turn was generating in chatroom {chatroomId} within 5 s.");
    }

    /// <summary>The turn id in an event id <c>&lt;turnId&gt;:&lt;sequence&gt;</c>.</summary>
    public static string TurnIdOf(string eventId) => eventId[..eventId.LastIndexOf(':')];

    /// <summary>The sequence an event id carries (<c>&lt;turnId&gt;:&lt;sequence&gt;</c>).</summary>
    public static int SequenceOf(string eventId) => int.Parse(eventId[(eventId.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
