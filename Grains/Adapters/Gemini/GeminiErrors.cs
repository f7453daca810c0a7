using System.Globalization;
using System.Text.Json;
using GeminiClone.Grains.Gemini;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>Reads Gemini's error body and its retry hint.</summary>
internal static class GeminiErrors
{
    private const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";

    public static async Task<GeminiApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        GeminiError? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, GeminiJsonContext.Default.GeminiErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            // Not Gemini's error shape (a proxy's HTML page, say): report the status alone.
        }

        var message = error?.Message ?? (body.Length > 200 ? body[..200] : body);
        return new GeminiApiException(response.StatusCode, error?.Status, message, RetryAfter(response, error));
    }

    /// <summary>
    /// Gemini puts its retry hint in the error body as <c>google.rpc.RetryInfo</c> (<c>"retryDelay": "12s"</c>) more
    /// often than in a <c>Retry-After</c> header; honour whichever is there.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, GeminiError? error)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            return header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        }

        foreach (var detail in error?.Details ?? [])
        {
            if (detail.ValueKind == JsonValueKind.Object
                && detail.TryGetProperty("@type", out var type) && type.GetString() == RetryInfoType
                && detail.TryGetProperty("retryDelay", out var delay) && delay.GetString() is { } text
                && text.EndsWith('s')
                && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return null;
    }

    /// <summary>For the retry strategy, which sees the response before the client turns it into an exception.</summary>
    public static async ValueTask<TimeSpan?> RetryAfterAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Headers.RetryAfter is not null)
        {
            return RetryAfter(response, null);
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var error = (await JsonSerializer.DeserializeAsync(body, GeminiJsonContext.Default.GeminiErrorEnvelope, cancellationToken))?.Error;
            body.Position = 0;
            return RetryAfter(response, error);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
