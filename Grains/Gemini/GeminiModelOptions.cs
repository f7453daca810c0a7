using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Gemini;

/// <summary>One entry of the model catalog (<c>Gemini:Models:N:*</c>).</summary>
public sealed class GeminiModelOptions
{
    /// <summary>The id in Gemini's REST paths, e.g. <c>gemini-3.8-flash</c>.</summary>
    public string Id { get; set; } = "";

    public string? DisplayName { get; set; }

    /// <summary>Who may choose it.</summary>
    public List<UserTier> Tiers { get; set; } = [];

    /// <summary>
    /// The <c>thinkingLevel</c> values it takes (Gemini 3: a subset of <c>minimal</c>, <c>low</c>, <c>medium</c>,
    /// <c>high</c>), or the single word <c>budget</c> for a Gemini 2.5 model, which is steered by
    /// <c>thinkingBudget</c> instead (Gemini answers 400 when a request carries both).
    /// </summary>
    public List<string> Thinking { get; set; } = [];

    /// <summary>The level used when a chatroom names none; it must be one of <see cref="Thinking"/>.</summary>
    public string? DefaultThinkingLevel { get; set; }

    /// <summary>
    /// Set once Google deprecates the model: it is no longer offered, and when Gemini stops serving it (404) turns
    /// move to this model, as do the chatrooms set to it.
    /// </summary>
    public string? ReplacedBy { get; set; }

    /// <summary>
    /// The media types of files it reads (<c>Gemini:Models:N:InputTypes</c>). Empty: every type we accept, which
    /// is true of every current Gemini model (images, PDF, text; audio and video too).
    /// </summary>
    public List<string> InputTypes { get; set; } = [];

    /// <summary>
    /// The built-in tools it takes (<c>google_search</c>, <c>url_context</c>, <c>code_execution</c>); a chatroom on
    /// this model may use only these.
    /// </summary>
    public List<string> Tools { get; set; } = [];

    /// <summary>It can answer with images (<c>responseModalities</c> with <c>IMAGE</c>).</summary>
    public bool MakesImages { get; set; }

    /// <summary>
    /// Google deprecates <c>temperature</c>, <c>topP</c> and <c>topK</c> for it: configured values are not sent (and
    /// the catalog says so once at start).
    /// </summary>
    public bool SamplingDeprecated { get; set; }

    public bool Reads(string mediaType) => InputTypes.Count == 0 || InputTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);

    public bool UsesThinkingBudget => Thinking is [GeminiThinking.Budget];
}

public static class GeminiThinking
{
    public const string Budget = "budget";

    /// <summary>Gemini 3's levels, least thinking first.</summary>
    public static readonly IReadOnlyList<string> Levels = ["minimal", "low", "medium", "high"];
}
