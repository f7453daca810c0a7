using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Adapters.Gemini;

/// <summary>
/// Gemini's built-in tools on the wire: which ones a request offers. Pure functions, like
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
}
