using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Gemini;

// What Gemini's built-in tools add to an answer, as contents of a response or a streamed update. Code and its result
// use Microsoft.Extensions.AI's own CodeInterpreterToolCallContent / CodeInterpreterToolResultContent (see
// GeminiChatProperties for the keys that carry the language and the outcome); grounding and URL context have no
// common type, so they are ours. The adapter makes them from the wire; the turns read them.

/// <summary>
/// Gemini's <c>groundingMetadata</c> for an answer grounded in Google Search, as sent: offsets are Gemini's (UTF-8
/// bytes within a part); turning them into character offsets of the stored answer is the turn's job, because only
/// the whole answer says where a part begins.
/// </summary>
public sealed class GeminiGroundingContent : AIContent
{
    /// <summary><c>webSearchQueries</c>: what the model searched for.</summary>
    public IReadOnlyList<string> Queries { get; init; } = [];

    /// <summary><c>groundingChunks[].web</c>, in order: a support's <see cref="GeminiGroundingSupport.SourceIndices"/> index this list.</summary>
    public IReadOnlyList<GeminiGroundingSource> Sources { get; init; } = [];

    /// <summary><c>groundingSupports[]</c>: which span of the answer which sources back.</summary>
    public IReadOnlyList<GeminiGroundingSupport> Supports { get; init; } = [];

    /// <summary><c>searchEntryPoint.renderedContent</c>, exactly as sent (Google's terms require showing it).</summary>
    public string? SearchEntryPoint { get; init; }
}

/// <param name="Uri">The source's address (a Google redirect URI, as Gemini gives it).</param>
/// <param name="Title">Its title (often the site's domain).</param>
public sealed record GeminiGroundingSource(string? Uri, string? Title);

/// <param name="PartIndex"><c>segment.partIndex</c>: the answer part the offsets count in (null: the first).</param>
/// <param name="StartByte"><c>segment.startIndex</c>: UTF-8 bytes from the part's start, inclusive (null: 0).</param>
/// <param name="EndByte"><c>segment.endIndex</c>: UTF-8 bytes from the part's start, exclusive.</param>
/// <param name="Text"><c>segment.text</c>: the span itself, when Gemini sends it.</param>
/// <param name="SourceIndices"><c>groundingChunkIndices</c>.</param>
/// <param name="Confidence"><c>confidenceScores</c>, one per source index, when sent.</param>
public sealed record GeminiGroundingSupport(
    int? PartIndex, int? StartByte, int EndByte, string? Text, IReadOnlyList<int> SourceIndices, IReadOnlyList<double>? Confidence = null);

/// <summary>Gemini's <c>urlContextMetadata.urlMetadata[]</c>: the pages the URL context tool fetched, and how it went.</summary>
public sealed class GeminiUrlContextContent : AIContent
{
    public IReadOnlyList<GeminiUrlRetrieval> Urls { get; init; } = [];
}

/// <param name="Url"><c>retrievedUrl</c>.</param>
/// <param name="Status"><c>urlRetrievalStatus</c>, e.g. <c>URL_RETRIEVAL_STATUS_SUCCESS</c>.</param>
public sealed record GeminiUrlRetrieval(string Url, string Status);

/// <summary>
/// Gemini's URL context tool (<c>{"url_context": {}}</c>): the model may read the pages a message links to.
/// Google Search is <see cref="HostedWebSearchTool"/> and code execution <see cref="HostedCodeInterpreterTool"/>.
/// </summary>
public sealed class GeminiUrlContextTool : AITool
{
    public override string Name => "url_context";
}
