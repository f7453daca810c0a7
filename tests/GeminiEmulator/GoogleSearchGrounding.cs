using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// An answer grounded in Google Search (<c>{"google_search": {}}</c>), as Gemini sends one: the usual reply, then
/// sentences the search "found", and <c>candidates[0].groundingMetadata</c> with the queries, Google's search
/// suggestions widget, the sources (Google redirect URIs titled by domain) and which span each source supports.
/// The cited sentences are three fixed English ones, or, when the message holds non-ASCII text, the message's own
/// sentences (directives removed), so a test chooses the text whose UTF-8 byte offsets a client must get right.
/// </summary>
internal static partial class GoogleSearchGrounding
{
    private static readonly string[] PlainSentences =
        ["Search results agree with this answer.", "Two sources confirm it.", "A third source adds recent details."];

    private static readonly string[] SourceDomains = ["wikipedia.org", "britannica.com", "bbc.com"];

    // The reply line cites the first source; the sentences cycle through two sources, one, and two again.
    private static readonly int[][] SentenceSources = [[0, 1], [1], [1, 2]];

    /// <summary>The grounded text and the spans it cites (in characters of <see cref="GroundedText.Text"/>).</summary>
    public static GroundedText Ground(string reply, string message)
    {
        var asked = Asked(message);
        var sentences = asked.Any(c => c > 0x7F) ? SentenceEnd().Split(asked) : PlainSentences;
        var text = new StringBuilder(reply);
        var spans = new List<CitedSpan> { new(0, reply.TrimEnd().Length, [0]) };
        for (var i = 0; i < sentences.Length; i++)
        {
            text.Append(' ');
            spans.Add(new(text.Length, sentences[i].Length, SentenceSources[i % SentenceSources.Length]));
            text.Append(sentences[i]);
        }

        var query = asked.Length == 0 ? "emulated search" : asked.Length <= 60 ? asked : asked[..(char.IsHighSurrogate(asked[59]) ? 59 : 60)];
        return new(text.ToString(), spans, [query, query + " explained"]);
    }

    /// <summary>
    /// <c>groundingMetadata</c> for <paramref name="answer"/>, the answer's whole text, in which the grounded text begins
    /// at character <paramref name="textStart"/>. Offsets are UTF-8 bytes, as Gemini counts them; a start of 0 is left
    /// out, as proto3's JSON leaves out every zero. A span the answer no longer holds (cut at MAX_TOKENS) is not sent.
    /// </summary>
    public static JsonObject Metadata(GroundedText grounded, string answer, int textStart)
    {
        var supports = new JsonArray();
        foreach (var span in grounded.Spans.Where(s => textStart + s.Start + s.Length <= answer.Length))
        {
            var start = Encoding.UTF8.GetByteCount(answer.AsSpan(0, textStart + span.Start));
            var segment = new JsonObject();
            if (start > 0)
            {
                segment["startIndex"] = start;
            }

            segment["endIndex"] = start + Encoding.UTF8.GetByteCount(answer.AsSpan(textStart + span.Start, span.Length));
            segment["text"] = answer.Substring(textStart + span.Start, span.Length);
            supports.Add(new JsonObject
            {
                ["segment"] = segment,
                ["groundingChunkIndices"] = new JsonArray([.. span.Sources.Select(i => JsonValue.Create(i))]),
                ["confidenceScores"] = new JsonArray([.. span.Sources.Select((source, k) => JsonValue.Create(Math.Round(0.97 - (0.11 * k) - (0.03 * source), 4)))]),
            });
        }

        return new JsonObject
        {
            ["searchEntryPoint"] = new JsonObject { ["renderedContent"] = SearchSuggestions(grounded.Queries) },
            ["groundingChunks"] = new JsonArray([.. SourceDomains.Select(domain => new JsonObject
            {
                ["web"] = new JsonObject { ["uri"] = RedirectUri(domain, grounded.Queries[0]), ["title"] = domain },
            })]),
            ["groundingSupports"] = supports,
            ["webSearchQueries"] = new JsonArray([.. grounded.Queries.Select(q => JsonValue.Create(q))]),
        };
    }

    /// <summary>What the user asked, without directives, on one line.</summary>
    private static string Asked(string message) => Whitespace().Replace(Directives().Replace(message, " "), " ").Trim();

    /// <summary>Google's sources are opaque redirects; the same question gets the same ones, so tests can compare.</summary>
    private static string RedirectUri(string domain, string query) =>
        "https://vertexaisearch.cloud.google.com/grounding-api-redirect/AUZIYQ"
        + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(domain + "\n" + query))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// <c>searchEntryPoint.renderedContent</c>: Google's widget is a style sheet, a headline with Google's logo and a
    /// carousel of chips, one per query, each a link to Google Search (Google's terms require showing it as sent).
    /// </summary>
    private static string SearchSuggestions(IEnumerable<string> queries) =>
        """
        <style>
        .container { align-items: center; border-radius: 8px; display: flex; font-family: Google Sans, Roboto, sans-serif; font-size: 14px; line-height: 20px; padding: 8px 12px; }
        .chip { display: inline-block; border: solid 1px; border-radius: 16px; min-width: 14px; padding: 5px 16px; text-align: center; user-select: none; margin: 0 8px; }
        .carousel { overflow: auto; scrollbar-width: none; white-space: nowrap; margin-right: -12px; }
        .headline { display: flex; margin-right: 4px; }
        @media (prefers-color-scheme: light) { .container { background-color: #fafafa; } .chip { background-color: #ffffff; border-color: #d2d2d2; color: #5e5e5e; text-decoration: none; } }
        @media (prefers-color-scheme: dark) { .container { background-color: #1f1f1f; } .chip { background-color: #2c2c2c; border-color: #3c4043; color: #fff; text-decoration: none; } }
        </style>
        <div class="container">
          <div class="headline">
            <svg class="logo-light" width="18" height="18" viewBox="9 9 35 35" fill="none" xmlns="http://www.w3.org/2000/svg"><circle cx="26" cy="26" r="16" fill="#4285F4"/></svg>
          </div>
          <div class="carousel">

        """
        + string.Concat(queries.Select(q =>
            $"    <a class=\"chip\" href=\"https://www.google.com/search?q={WebUtility.UrlEncode(q)}&client=app-vertex-grounding&safesearch=active\">{HtmlText(q)}</a>\n"))
        + """
          </div>
        </div>

        """;

    private static string HtmlText(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    [GeneratedRegex(@"\[\[[^\]]*\]\]")]
    private static partial Regex Directives();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // After a full stop, question or exclamation mark, in Latin, Devanagari (danda, double danda) or CJK script.
    [GeneratedRegex(@"(?<=[.!?\u0964\u0965\u3002\uFF01\uFF1F])\s+")]
    private static partial Regex SentenceEnd();
}

/// <param name="Text">The reply, then the cited sentences, one space apart.</param>
/// <param name="Spans">Each cited span of <paramref name="Text"/> and the sources that support it.</param>
/// <param name="Queries">The <c>webSearchQueries</c>.</param>
internal sealed record GroundedText(string Text, IReadOnlyList<CitedSpan> Spans, IReadOnlyList<string> Queries);

/// <param name="Start">In characters of the grounded text.</param>
/// <param name="Length">In characters.</param>
/// <param name="Sources">Indices into <c>groundingChunks</c>.</param>
internal sealed record CitedSpan(int Start, int Length, int[] Sources);
