using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>
/// Gemini's Files API, for files too large to send inline: one resumable upload (start, then the bytes with
/// <c>upload, finalize</c>, streamed from the attachment store), then the file's state polled until Gemini has
/// processed it (<c>ACTIVE</c>). Gemini keeps a file 48 hours; the caller remembers the URI until shortly before.
/// Its own HttpClient: an upload of 50 MB needs more time than a turn's attempt timeout, and a consumed stream
/// cannot be retried by the chat client's pipeline.
/// </summary>
public sealed class GeminiFiles(IHttpClientFactory httpClients, IOptions<GeminiOptions> options, TimeProvider clock) : IGeminiFileUploads
{
    public const string HttpClientName = "gemini-files";

    /// <summary>How long a file may stay in <c>PROCESSING</c> before the turn gives up on it.</summary>
    private static readonly TimeSpan ProcessingTimeout = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<GeminiFileRef> UploadAsync(Stream content, long size, string mimeType, string displayName, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        using var start = Request(HttpMethod.Post, Address("upload/v1beta/files"));
        start.Headers.Add("X-Goog-Upload-Protocol", "resumable");
        start.Headers.Add("X-Goog-Upload-Command", "start");
        start.Headers.Add("X-Goog-Upload-Header-Content-Length", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Headers.Add("X-Goog-Upload-Header-Content-Type", mimeType);
        start.Content = JsonContent.Create(new UploadStart(new UploadFile(displayName)), GeminiFilesJsonContext.Default.UploadStart);
        using var started = await http.SendAsync(start, cancellationToken);
        await EnsureSuccessAsync(started, cancellationToken);
        var uploadUrl = started.Headers.TryGetValues("X-Goog-Upload-URL", out var urls) ? urls.First()
            : throw new GeminiBadResponseException("Gemini's Files API gave no upload URL.");

        using var upload = Request(HttpMethod.Post, new Uri(uploadUrl));
        upload.Headers.Add("X-Goog-Upload-Offset", "0");
        upload.Headers.Add("X-Goog-Upload-Command", "upload, finalize");
        upload.Content = new StreamContent(content);
        upload.Content.Headers.ContentLength = size;
        using var uploaded = await http.SendAsync(upload, cancellationToken);
        await EnsureSuccessAsync(uploaded, cancellationToken);
        var file = (await ReadAsync(uploaded, GeminiFilesJsonContext.Default.UploadResult, cancellationToken)).File;

        var deadline = clock.GetUtcNow() + ProcessingTimeout;
        while (file.State == "PROCESSING" && clock.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, clock, cancellationToken);
            using var poll = Request(HttpMethod.Get, Address($"v1beta/{file.Name}"));
            using var polled = await http.SendAsync(poll, cancellationToken);
            await EnsureSuccessAsync(polled, cancellationToken);
            file = await ReadAsync(polled, GeminiFilesJsonContext.Default.GeminiFile, cancellationToken);
        }

        if (file is not { State: "ACTIVE", Uri: { } uri })
        {
            throw new GeminiBadResponseException($"Gemini could not process {displayName} (its file is {file.State ?? "in no state"}).");
        }

        // Gemini says when it forgets the file; without a word, its documented 48 hours.
        return new GeminiFileRef(uri, file.ExpirationTime ?? clock.GetUtcNow().AddHours(48));
    }

    private Uri Address(string path) => new(new Uri(options.Value.BaseUrl.TrimEnd('/') + "/"), path);

    private HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("x-goog-api-key", options.Value.ApiKey);
        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await GeminiErrors.ToExceptionAsync(response, cancellationToken);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                ?? throw new GeminiBadResponseException("Gemini's Files API answered nothing.");
        }
        catch (JsonException e)
        {
            throw new GeminiBadResponseException("Gemini's Files API answered something that is not its JSON.", e);
        }
    }
}

internal sealed record UploadStart(UploadFile File);

internal sealed record UploadFile([property: JsonPropertyName("display_name")] string DisplayName);

internal sealed record UploadResult(GeminiFile File);

internal sealed record GeminiFile(string Name, string? Uri, string? State, string? MimeType, DateTimeOffset? ExpirationTime);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UploadStart))]
[JsonSerializable(typeof(UploadResult))]
[JsonSerializable(typeof(GeminiFile))]
internal sealed partial class GeminiFilesJsonContext : JsonSerializerContext;
