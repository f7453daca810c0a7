using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// Gemini's URL context tool (<c>{"url_context": {}}</c>): the model reads the pages the message links to and says so
/// in <c>candidates[0].urlContextMetadata</c>. Every http(s) URL of the last user message is "retrieved", except one
/// on the host <c>unreachable.example</c>, which fails (<c>URL_RETRIEVAL_STATUS_ERROR</c>), as a page that is down does.
/// </summary>
internal static partial class UrlContextRetrieval
{
    public const string UnreachableHost = "unreachable.example";

    /// <summary>The URLs <paramref name="message"/> links to, in order, each once.</summary>
    public static IReadOnlyList<string> Urls(string message) =>
        [.. Url().Matches(message).Select(m => m.Value.TrimEnd('.', ',', ';', ':', '!', '?')).Distinct()];

    /// <summary><c>urlContextMetadata</c>, or null when the message links to nothing (Gemini then leaves it out).</summary>
    public static JsonObject? Metadata(string message) => Urls(message) is { Count: > 0 } urls
        ? new JsonObject
        {
            ["urlMetadata"] = new JsonArray([.. urls.Select(url => new JsonObject
            {
                ["retrievedUrl"] = url,
                ["urlRetrievalStatus"] = Uri.TryCreate(url, UriKind.Absolute, out var uri) && !uri.Host.Equals(UnreachableHost, StringComparison.OrdinalIgnoreCase)
                    ? "URL_RETRIEVAL_STATUS_SUCCESS"
                    : "URL_RETRIEVAL_STATUS_ERROR",
            })]),
        }
        : null;

    [GeneratedRegex(@"https?://[^\s<>""'()\[\]]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
