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
