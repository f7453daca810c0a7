using System.ComponentModel.DataAnnotations;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Gemini;

/// <summary>Gemini's REST API (<c>GEMINI_API_KEY</c>, <c>GEMINI_BASE_URL</c>, <c>GEMINI_MODEL</c>).</summary>
public sealed class GeminiOptions : IValidatableObject
{
    public const string Section = "Gemini";

    /// <summary>Empty means not configured: chat answers 503 and everything else keeps working.</summary>
    public string? ApiKey { get; set; }

    [Required, Url]
    public string BaseUrl { get; set; } = "https://generativelanguage.googleapis.com";

    /// <summary>The catalog's default model: new chatrooms and chatrooms without a choice use it.</summary>
    [Required, RegularExpression(ModelIdPattern, ErrorMessage = "GEMINI_MODEL must be a bare model name such as gemini-3.8-flash.")]
    public string Model { get; set; } = "gemini-3.8-flash";

    /// <summary>
    /// Sampling, sent only when set: Gemini 3's guidance is to leave temperature at its default 1.0, and lower values
    /// can make its reasoning loop. For deployments that know better.
    /// </summary>
    [Range(0.0, 2.0)]
    public float? Temperature { get; set; }

    [Range(0.0, 1.0)]
    public float? TopP { get; set; }

    [Range(1, 1000)]
    public int? TopK { get; set; }

    /// <summary>
    /// Which plans may use each built-in tool (<c>Gemini:ToolPlans:code_execution:0=Pro</c>); a tool not named here is
    /// open to every plan. By default code execution, the costliest in tokens, is for Pro. (Configured lists add to
    /// the defaults, as the configuration binder does: <c>Gemini:ToolPlans:code_execution:0=Basic</c> opens it to all.)
    /// </summary>
    public Dictionary<string, List<UserTier>> ToolPlans { get; set; } = new(StringComparer.Ordinal)
    {
        [ChatToolNames.CodeExecution] = [UserTier.Pro],
    };

    /// <summary>The model catalog; empty means <see cref="GeminiModelCatalog.Defaults"/>.</summary>
    public List<GeminiModelOptions> Models { get; set; } = [];

    /// <summary>
    /// The whole call, retries included. Capped at 80 s because the chatroom's send has a 100 s grain response
    /// timeout (<c>[ResponseTimeout]</c> on <c>IChatroomGrain.SendMessageAsync</c>) that must stay above it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:20")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>One attempt, until the response headers arrive.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:20")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of 429, 500 and 503 answers and of failed connections.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff; doubled each retry, with jitter, unless Gemini says how long to wait.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait we honour from Gemini's retry hint. A longer hint is not retried at all: the turn fails at
    /// once with 503 and Gemini's hint as <c>Retry-After</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);

    private const string ModelIdPattern = "^[A-Za-z0-9._-]+$";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var tool in ToolPlans.Keys.Where(tool => !ChatToolNames.TryParse([tool], out _, out _)))
        {
            yield return new ValidationResult($"Gemini:ToolPlans:{tool} names no tool; the tools are {ChatToolNames.Listed}.");
        }

        var ids = Models.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (model, i) in Models.Select((m, i) => (m, i)))
        {
            var at = $"Gemini:Models:{i}";
            if (!System.Text.RegularExpressions.Regex.IsMatch(model.Id, ModelIdPattern))
            {
                yield return new ValidationResult($"{at}:Id must be a bare model name such as gemini-3.8-flash.");
            }

            if (model.Tiers.Count == 0)
            {
                yield return new ValidationResult($"{at}:Tiers must name at least one tier (Basic, Pro).");
            }

            if (!model.UsesThinkingBudget && model.Thinking.FirstOrDefault(t => !GeminiThinking.Levels.Contains(t)) is { } bad)
            {
                yield return new ValidationResult(
                    $"{at}:Thinking has '{bad}': use levels from {string.Join(", ", GeminiThinking.Levels)}, or the single word budget.");
            }

            if (model.DefaultThinkingLevel is { } level && !model.Thinking.Contains(level))
            {
                yield return new ValidationResult($"{at}:DefaultThinkingLevel '{level}' is not one of its Thinking levels.");
            }

            if (model.Tools.FirstOrDefault(t => !ChatToolNames.TryParse([t], out _, out _)) is { } unknownTool)
            {
                yield return new ValidationResult($"{at}:Tools has '{unknownTool}'; the tools are {ChatToolNames.Listed}.");
            }

            if (model.ReplacedBy is { } next && (!ids.Contains(next) || next == model.Id))
            {
                yield return new ValidationResult($"{at}:ReplacedBy '{next}' must be another model of the catalog.");
            }
        }
    }
}
