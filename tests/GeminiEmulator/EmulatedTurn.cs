using System.Globalization;
using System.Text.RegularExpressions;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// A request as the emulator reads it: what was sent, its last user message (where the directives are), and the
/// emulator's settings and files.
/// </summary>
internal sealed class EmulatedTurn(RecordedRequest request, EmulatorOptions emulator, EmulatedFiles files)
{
    public RecordedRequest Request => request;

    public EmulatorOptions Emulator => emulator;

    public EmulatedFiles Files => files;

    public string Model => request.Model;

    public bool Streamed => request.Streamed;

    /// <summary>When the request reached the emulator's handler (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public long ArrivedAt { get; init; }

    public string LastUser { get; } = request.Turns.LastOrDefault(t => t.Role == "user").Text ?? "";

    /// <summary>The request enabled the built-in tool <paramref name="name"/> (e.g. <c>google_search</c>).</summary>
    public bool HasTool(string name) => request.Tools.Contains(name);

    /// <summary><c>responseModalities</c> asks for images.</summary>
    public bool WantsImage => request.ResponseModalities.Contains("IMAGE", StringComparer.OrdinalIgnoreCase);

    /// <summary>The last user message carries <c>[[flag]]</c>.</summary>
    public bool Has(string flag) => LastUser.Contains($"[[{flag}]]", StringComparison.Ordinal);

    /// <summary>VALUE of <c>[[name:VALUE]]</c> in the last user message.</summary>
    public string? Directive(string name)
    {
        var match = Regex.Match(LastUser, $@"\[\[{name}:([^\]]+)\]\]");
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The number of <c>[[name:N]]</c>, or <paramref name="otherwise"/> without one.</summary>
    public int Number(string name, int otherwise) => Directive(name) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : otherwise;

    /// <summary>A reason given as <c>[[name:REASON]]</c>, SAFETY for a bare <c>[[name]]</c>, or null.</summary>
    public string? Reason(string name) => Directive(name) ?? (Has(name) ? "SAFETY" : null);
}
