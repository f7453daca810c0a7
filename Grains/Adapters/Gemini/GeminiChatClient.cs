using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>
/// <see cref="IChatClient"/> over Gemini's REST API: <c>models/{model}:generateContent</c> and
/// <c>models/{model}:streamGenerateContent?alt=sse</c>, key in the <c>x-goog-api-key</c> header. No Gemini SDK
/// is served to us, and the surface we need is two endpoints and a handful of JSON shapes.
/// The <see cref="HttpClient"/> it is given carries the retries, timeouts and circuit breaker.
/// </summary>
/// <remarks>
/// Its awaits do not come back to the caller's scheduler (a chatroom grain's): the clock that says how long Gemini
/// took is read as soon as Gemini's bytes are in, not after the wait for the grain's thread, and the answer is parsed
/// off the grain. Nothing here touches a grain's state; the caller's own awaits return to its grain.
/// </remarks>
public sealed class GeminiChatClient(HttpClient http, GeminiOptions options) : IChatClient
{
    // The keys are the domain's (GeminiChatProperties); these names stay while the turn code still reads them here.
    public const string ThinkingLevelKey = GeminiChatProperties.ThinkingLevel;
    public const string ThinkingBudgetKey = GeminiChatProperties.ThinkingBudget;
    public const string ThoughtSignatureKey = GeminiChatProperties.ThoughtSignature;
    public const string FinishReasonKey = GeminiChatProperties.FinishReason;

    /// <summary>On a request the pipeline must not retry (<see cref="GeminiChatProperties.SingleAttempt"/>).</summary>
    internal static readonly HttpRequestOptionsKey<bool> SingleAttemptOption = new(GeminiChatProperties.SingleAttempt);

    private readonly ChatClientMetadata _metadata = new("gemini", new Uri(options.BaseUrl), options.Model);

    /// <summary>
    /// Each model's two endpoints, made once: parsing and escaping the address anew was a few tenths of a per cent of
    /// every turn. A handful of entries (the models of the catalog and configuration, which name every model asked).
    /// </summary>
    private readonly ConcurrentDictionary<(string Model, bool Stream), Uri> _endpoints = new();

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(messages, chatOptions, stream: false);
        var sent = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var waited = Stopwatch.GetElapsedTime(sent);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);

        var body = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        var answer = GeminiWireMapping.ToChatResponse(body);
        (answer.AdditionalProperties ??= [])[GeminiChatProperties.UpstreamTime] = waited;
        return answer;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(messages, chatOptions, stream: true);
        var sent = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        var codeCalls = new GeminiCodeCallIds();
        var first = true;
        await foreach (var item in GeminiWireMapping.ChunkParser(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            var chunk = item.Data;
            GeminiWireMapping.ThrowIfPromptBlocked(chunk);
            var update = GeminiWireMapping.ToUpdate(chunk, codeCalls);
            if (first)
            {
                // Headers come at once and say nothing of the model: its time is until its first event was read.
                (update.AdditionalProperties ??= [])[GeminiChatProperties.UpstreamTime] = Stopwatch.GetElapsedTime(sent);
                first = false;
            }

            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is not null ? null : serviceType switch
    {
        _ when serviceType == typeof(ChatClientMetadata) => _metadata,
        _ when serviceType.IsInstanceOfType(this) => this,
        _ => null,
    };

    public void Dispose()
    {
        // The HttpClient belongs to IHttpClientFactory.
    }

    private HttpRequestMessage CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions, bool stream)
    {
        var endpoint = _endpoints.GetOrAdd((chatOptions?.ModelId ?? options.Model, stream), EndpointOf, options.BaseUrl);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = JsonContent.Create(GeminiWireMapping.ToGeminiRequest(messages, chatOptions), GeminiJsonContext.Default.GeminiRequest),
        };
        request.Headers.Add("x-goog-api-key", options.ApiKey);
        if (chatOptions?.AdditionalProperties?.TryGetValue(GeminiChatProperties.SingleAttempt, out bool single) == true && single)
        {
            request.Options.Set(SingleAttemptOption, true);
        }

        return request;
    }

    private static Uri EndpointOf((string Model, bool Stream) key, string baseUrl) => new(
        new Uri(baseUrl.TrimEnd('/') + "/"),
        key.Stream
            ? $"v1beta/models/{Uri.EscapeDataString(key.Model)}:streamGenerateContent?alt=sse"
            : $"v1beta/models/{Uri.EscapeDataString(key.Model)}:generateContent");

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await GeminiErrors.ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Gemini's answer read whole, then parsed from its bytes (<see cref="GeminiWireMapping.ParseResponse"/>): the
    /// serializer reading records from the stream as it came cost a plain turn 2.4 % of its CPU, and the body is about
    /// the answer's size. A charset other than UTF-8, which Gemini does not send, is decoded to text first.
    /// </summary>
    private static async Task<GeminiResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = response.Content.Headers.ContentType?.CharSet is { } charset && !IsUtf8(charset)
            ? Encoding.UTF8.GetBytes(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))
            : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return GeminiWireMapping.ParseResponse(body);
    }

    private static bool IsUtf8(string charset)
    {
        var name = charset.Trim('"');
        return name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
