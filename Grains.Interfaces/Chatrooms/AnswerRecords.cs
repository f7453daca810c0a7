namespace GeminiClone.Grains.Interfaces.Chatrooms;

// What a tool-using answer keeps besides its text. Arrays, not interfaces: grain storage's JSON names concrete
// types and must read them back. New members are optional with new ids, so stored messages keep loading.

/// <summary>How an answer is grounded in Google Search: what was searched, the sources, which span cites which.</summary>
/// <param name="Queries">What the model searched for.</param>
/// <param name="Sources">The pages, numbered from 0 (a citation names them by <see cref="GroundingSource.Index"/>).</param>
/// <param name="Citations">Spans of the answer's text and the sources backing each.</param>
/// <param name="SearchEntryPoint">Google's search suggestions as HTML, exactly as sent: Google's terms require showing it with the answer.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.MessageGrounding")]
public sealed record MessageGrounding(string[] Queries, GroundingSource[] Sources, Citation[] Citations, string? SearchEntryPoint);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.GroundingSource")]
public sealed record GroundingSource(int Index, string? Uri, string? Title);

/// <summary>
/// A cited span of the answer's text. <paramref name="Start"/> and <paramref name="End"/> count UTF-16 code units
/// (as a JavaScript string indexes), so <c>text.slice(start, end) === citation.text</c>, in any script.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.Citation")]
public sealed record Citation(int Start, int End, string Text, int[] Sources);

/// <summary>A page the URL context tool fetched, and Gemini's word on how it went (<c>URL_RETRIEVAL_STATUS_SUCCESS</c>, ...).</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.UrlRetrieval")]
public sealed record UrlRetrieval(string Url, string Status);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.AnswerStepKind")]
public enum AnswerStepKind
{
    /// <summary>Text the model wrote between tool steps (part of the message's text).</summary>
    Text = 0,
    /// <summary>Code the model wrote to run.</summary>
    Code = 1,
    /// <summary>What running it gave.</summary>
    Result = 2,
}

/// <summary>
/// One step of an answer that ran code, in the model's order. Only the members of its kind are set: Text for text;
/// Language and Code for code; Outcome (<c>OUTCOME_OK</c>, <c>OUTCOME_FAILED</c>, <c>OUTCOME_DEADLINE_EXCEEDED</c>)
/// and Output for a result. <paramref name="ThoughtSignature"/> goes back to Gemini with the step in later turns.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.AnswerStep")]
public sealed record AnswerStep(
    AnswerStepKind Kind,
    string? Text = null,
    string? Language = null,
    string? Code = null,
    string? Outcome = null,
    string? Output = null,
    string? ThoughtSignature = null);

/// <summary>
/// How a message asks for a picture: Gemini's <c>imageConfig</c>. Null members are the model's defaults.
/// </summary>
/// <param name="AspectRatio">One of <see cref="AspectRatios"/>, e.g. <c>16:9</c>.</param>
/// <param name="Size">One of <see cref="Sizes"/> (<c>1K</c>, <c>2K</c>, <c>4K</c>).</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ImageRequest")]
public sealed record ImageRequest(string? AspectRatio, string? Size)
{
    /// <summary>The aspect ratios Gemini's image models take (ai.google.dev image generation docs).</summary>
    public static readonly IReadOnlyList<string> AspectRatios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];

    /// <summary>The sizes they take, with a capital K.</summary>
    public static readonly IReadOnlyList<string> Sizes = ["1K", "2K", "4K"];
}

/// <summary>
/// An image the model made, kept as an attachment of the chatroom (its bytes in the attachment store, served by the
/// owner-only attachment route), with what its bytes turned out to be.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.MessageImage")]
public sealed record MessageImage(string AttachmentId, string MediaType, int? Width, int? Height, long Bytes);
