using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>
/// Gemini's built-in tools on the wire: which ones a request offers, the code the model ran and what it printed (both
/// ways), and what Google Search and URL context tell about an answer. Pure functions, like
/// <see cref="GeminiWireMapping"/>'s.
/// </summary>
internal static class GeminiToolsMapping
{
    private static readonly GeminiToolSettings NoSettings = new();

    /// <summary>
    /// Google Search, URL context and code execution, one object each, in the order given; any other tool is left
    /// out, since we never declare functions.
    /// </summary>
    internal static IReadOnlyList<GeminiTool>? ToTools(IList<AITool>? tools)
    {
        var wire = new List<GeminiTool>();
        foreach (var tool in tools ?? [])
        {
            GeminiTool? builtIn = tool switch
            {
                HostedWebSearchTool => new(GoogleSearch: NoSettings),
                GeminiUrlContextTool => new(UrlContext: NoSettings),
                HostedCodeInterpreterTool => new(CodeExecution: NoSettings),
                _ => null,
            };
            if (builtIn is not null)
            {
                wire.Add(builtIn);
            }
        }

        return wire.Count > 0 ? wire : null;
    }

    /// <summary>Code back in history: Python unless the content says otherwise (the only language Gemini runs).</summary>
    internal static GeminiPart ToExecutableCodePart(CodeInterpreterToolCallContent code) => new(
        null,
        ThoughtSignature: GeminiPartsMapping.SignatureOf(code),
        ExecutableCode: new GeminiExecutableCode(
            StringProperty(code, GeminiChatProperties.CodeLanguage) ?? "PYTHON",
            code.Inputs?.OfType<TextContent>().FirstOrDefault()?.Text ?? ""));

    /// <summary>A result back in history; without a known outcome it says so rather than claim one.</summary>
    internal static GeminiPart ToCodeExecutionResultPart(CodeInterpreterToolResultContent result) => new(
        null,
        ThoughtSignature: GeminiPartsMapping.SignatureOf(result),
        CodeExecutionResult: new GeminiCodeExecutionResult(
            StringProperty(result, GeminiChatProperties.CodeOutcome) ?? "OUTCOME_UNSPECIFIED",
            result.Outputs?.OfType<TextContent>().FirstOrDefault()?.Text));

    internal static CodeInterpreterToolCallContent ToCodeCall(GeminiExecutableCode code, string? signature, GeminiCodeCallIds codeCalls) =>
        GeminiPartsMapping.Signed(
            new CodeInterpreterToolCallContent(codeCalls.ForCode())
            {
                Inputs = [new TextContent(code.Code ?? "")],
                AdditionalProperties = code.Language is null ? null : new() { [GeminiChatProperties.CodeLanguage] = code.Language },
            },
            signature);

    internal static CodeInterpreterToolResultContent ToCodeResult(GeminiCodeExecutionResult result, string? signature, GeminiCodeCallIds codeCalls) =>
        GeminiPartsMapping.Signed(
            new CodeInterpreterToolResultContent(codeCalls.ForResult())
            {
                Outputs = [new TextContent(result.Output ?? "")],
                AdditionalProperties = result.Outcome is null ? null : new() { [GeminiChatProperties.CodeOutcome] = result.Outcome },
            },
            signature);

    /// <summary>Grounding, then URL context, after the candidate's parts, each only when it says something.</summary>
    internal static void AddMetadata(GeminiCandidate candidate, List<AIContent> contents)
    {
        if (ToGrounding(candidate.GroundingMetadata) is { } grounding)
        {
            contents.Add(grounding);
        }

        if (ToUrlContext(candidate.UrlContextMetadata) is { } urlContext)
        {
            contents.Add(urlContext);
        }
    }

    /// <summary>
    /// Sources keep their places (a support's indices point into them), a non-web one as an empty source; offsets stay
    /// Gemini's. An entry point alone still counts: Google's terms require showing it with a grounded answer.
    /// </summary>
    private static GeminiGroundingContent? ToGrounding(GeminiGroundingMetadata? metadata)
    {
        var queries = metadata?.WebSearchQueries ?? [];
        var chunks = metadata?.GroundingChunks ?? [];
        var supports = metadata?.GroundingSupports ?? [];
        var entryPoint = metadata?.SearchEntryPoint?.RenderedContent;
        if (queries.Count == 0 && chunks.Count == 0 && supports.Count == 0 && string.IsNullOrEmpty(entryPoint))
        {
            return null;
        }

        return new GeminiGroundingContent
        {
            Queries = [.. queries],
            Sources = [.. chunks.Select(chunk => new GeminiGroundingSource(chunk.Web?.Uri, chunk.Web?.Title))],
            Supports = [.. supports.Select(ToSupport)],
            SearchEntryPoint = entryPoint,
            RawRepresentation = metadata,
        };
    }

    private static GeminiGroundingSupport ToSupport(GeminiSupport support) => new(
        support.Segment?.PartIndex,
        support.Segment?.StartIndex,
        support.Segment?.EndIndex ?? 0,
        support.Segment?.Text,
        [.. support.GroundingChunkIndices ?? []],
        support.ConfidenceScores is { } scores ? [.. scores] : null);

    private static GeminiUrlContextContent? ToUrlContext(GeminiUrlContextMetadata? metadata)
    {
        List<GeminiUrlRetrieval> urls = [.. (metadata?.UrlMetadata ?? [])
            .Where(url => !string.IsNullOrEmpty(url.RetrievedUrl))
            .Select(url => new GeminiUrlRetrieval(url.RetrievedUrl!, url.UrlRetrievalStatus ?? "URL_RETRIEVAL_STATUS_UNSPECIFIED"))];
        return urls.Count > 0 ? new GeminiUrlContextContent { Urls = urls, RawRepresentation = metadata } : null;
    }

    private static string? StringProperty(AIContent content, string key) =>
        content.AdditionalProperties?.TryGetValue(key, out string? value) == true ? value : null;
}

/// <summary>
/// Call ids for the code Gemini runs, one generator per answer: Gemini's parts carry none, and a result always follows
/// its code (when streamed, often in the next chunk), so a result takes the id of the code before it.
/// </summary>
internal sealed class GeminiCodeCallIds
{
    private string? _lastCode;

    public string ForCode() => _lastCode = NewId();

    public string ForResult() => _lastCode ?? NewId();

    private static string NewId() => "code_" + Guid.NewGuid().ToString("N");
}
