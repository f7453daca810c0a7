using System.Collections.Concurrent;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Gemini;

/// <summary>
/// The models this deployment offers and the rules around them: which tier may use which, which thinking levels
/// each takes, what replaces a retired one. Built from <c>Gemini:Models</c> (or <see cref="Defaults"/>) with
/// <c>Gemini:Model</c> as the default; one per silo.
/// </summary>
public sealed partial class GeminiModelCatalog
{
    // Before Defaults, which reads it: static fields initialize in declaration order.
    private static readonly UserTier[] AllTiers = [UserTier.Basic, UserTier.Pro];

    /// <summary>Google's current models as of November 2026 (ai.google.dev/gemini-api/docs/models and deprecations).</summary>
    public static IReadOnlyList<GeminiModelOptions> Defaults { get; } =
    [
        Model("gemini-3.8-flash", "Gemini 3.8 Flash", AllTiers, "medium", "low", "medium", "high"),
        Model("gemini-3.7-flash", "Gemini 3.7 Flash", AllTiers, "medium", "low", "medium", "high"),
        Model("gemini-3.5-flash", "Gemini 3.5 Flash", AllTiers, "medium", "minimal", "low", "medium", "high"),
        Model("gemini-3.5-flash-lite", "Gemini 3.5 Flash-Lite", AllTiers, "minimal", "minimal", "low", "medium", "high"),
        Model("gemini-3.1-pro-preview", "Gemini 3.1 Pro (preview)", [UserTier.Pro], "high", "low", "medium", "high"),
        Drawer("gemini-3.1-flash-image", "Gemini 3.1 Flash Image", AllTiers),
        Drawer("gemini-3-pro-image", "Gemini 3 Pro Image", [UserTier.Pro]),
        // Shut down on 1 December 2026; Google routes it to 3.5 Flash-Lite, its recommended replacement.
        new GeminiModelOptions
        {
            Id = "gemini-2.5-flash", DisplayName = "Gemini 2.5 Flash", Tiers = [.. AllTiers],
            Thinking = [GeminiThinking.Budget], ReplacedBy = "gemini-3.5-flash-lite",
            Tools = [ChatToolNames.GoogleSearch, ChatToolNames.UrlContext, ChatToolNames.CodeExecution],
        },
    ];

    private readonly Dictionary<string, GeminiModelOptions> _models;
    private readonly ConcurrentDictionary<string, bool> _shutDown = new(StringComparer.Ordinal);
    private readonly ILogger<GeminiModelCatalog> _logger;

    public GeminiModelCatalog(IOptions<GeminiOptions> options, ILogger<GeminiModelCatalog> logger)
    {
        _logger = logger;
        var configured = options.Value.Models is { Count: > 0 } models ? models : Defaults;
        _models = configured.ToDictionary(m => m.Id, StringComparer.Ordinal);
        // GEMINI_MODEL may name a model the catalog does not list (a newer one): it is offered to everyone, with
        // Gemini's own thinking defaults.
        if (!_models.TryGetValue(options.Value.Model, out var @default))
        {
            @default = new GeminiModelOptions { Id = options.Value.Model, Tiers = [.. AllTiers] };
            _models[@default.Id] = @default;
        }

        Default = @default;
        _toolPlans = options.Value.ToolPlans;
        WarnOfIgnoredSampling(options.Value);
    }

    public GeminiModelOptions Default { get; }

    public GeminiModelOptions? Find(string? id) => id is not null && _models.TryGetValue(id, out var model) ? model : null;

    /// <summary>What <c>GET /models</c> shows a user of <paramref name="tier"/>: current models they may use, the default first.</summary>
    public IReadOnlyList<ModelInfo> Offered(UserTier tier) => _models.Values
        .Where(m => m.ReplacedBy is null && m.Tiers.Contains(tier))
        .OrderBy(m => m == Default ? 0 : 1)
        .Select(m => new ModelInfo(m.Id, m.DisplayName ?? m.Id, m.UsesThinkingBudget ? [] : m.Thinking.ToArray(), m.DefaultThinkingLevel, m == Default)
        {
            Tools = [.. m.Tools],
            MakesImages = m.MakesImages,
        })
        .ToList();

    /// <summary>
    /// Null when a chatroom may have these settings; else the field at fault and why. The model is judged (known,
    /// current, allowed on <paramref name="choosingTier"/>'s plan) only while it is being chosen: a chatroom keeps a
    /// model its owner may no longer pick (after a downgrade, or once Google retired it), and its turns cope.
    /// </summary>
    public (string Field, string Detail)? Check(ChatroomSettings settings, UserTier? choosingTier)
    {
        var model = Find(settings.Model) ?? Default;
        if (choosingTier is { } tier && settings.Model is { } id)
        {
            if (Find(id) is not { ReplacedBy: null } chosen)
            {
                return ("model", Find(id) is { ReplacedBy: { } next }
                    ? $"{id} is retired; use {next}."
                    : $"Unknown model '{id}'; GET /models lists the models you can use.");
            }

            if (!chosen.Tiers.Contains(tier))
            {
                return ("model", $"{id} is not available on the {tier} plan.");
            }
        }

        if (settings.ThinkingLevel is { } level && (model.UsesThinkingBudget || !model.Thinking.Contains(level)))
        {
            return ("thinkingLevel", model.UsesThinkingBudget || model.Thinking.Count == 0
                ? $"{model.Id} does not take a thinking level."
                : $"{model.Id} takes the thinking levels {string.Join(", ", model.Thinking)}, not '{level}'.");
        }

        return null;
    }

    /// <summary>
    /// The model a turn uses: the chatroom's own unless the user's tier no longer allows it (a Pro user who went
    /// back to Basic), or Gemini has shut it down; then the default (or its replacement), with a notice saying so.
    /// </summary>
    public (GeminiModelOptions Model, string? Notice) ForTurn(ChatroomSettings settings, UserTier tier)
    {
        var chosen = Find(settings.Model) ?? Default;
        string? notice = null;
        if (!chosen.Tiers.Contains(tier))
        {
            notice = $"{chosen.Id} is not available on the {tier} plan, so {Default.Id} answered.";
            chosen = Default;
        }

        // Bounded: a misconfigured ring of replacements must not spin.
        for (var hops = 0; hops < _models.Count && IsShutDown(chosen.Id) && Replacement(chosen) is { } next; hops++)
        {
            notice = $"{chosen.Id} has been retired by Google, so {next.Id} answered.";
            chosen = next;
        }

        return (chosen, notice);
    }

    /// <summary>What takes over from a model Gemini no longer serves; null when nothing else is left to try.</summary>
    public GeminiModelOptions? Replacement(GeminiModelOptions model)
    {
        var next = Find(model.ReplacedBy) ?? Default;
        return next == model ? null : next;
    }

    /// <summary>Remembers that Gemini answered 404 for this model, so later turns go straight to its replacement; warns once.</summary>
    public void MarkShutDown(string modelId)
    {
        if (_shutDown.TryAdd(modelId, true))
        {
            LogShutDown(modelId, Find(modelId) is { } model ? Replacement(model)?.Id : Default.Id);
        }
    }

    public bool IsShutDown(string modelId) => _shutDown.ContainsKey(modelId);

    /// <summary>The thinking level a turn asks for: the chatroom's, else the model's default; none for budget models.</summary>
    public static string? ThinkingLevelFor(GeminiModelOptions model, ChatroomSettings settings) =>
        model.UsesThinkingBudget ? null
        : settings.ThinkingLevel is { } level && model.Thinking.Contains(level) ? level
        : model.DefaultThinkingLevel;

    /// <summary>A Gemini 3 text model: it takes every built-in tool, and Google deprecates sampling settings for it.</summary>
    private static GeminiModelOptions Model(string id, string name, UserTier[] tiers, string defaultLevel, params string[] levels) => new()
    {
        Id = id, DisplayName = name, Tiers = [.. tiers], Thinking = [.. levels], DefaultThinkingLevel = defaultLevel,
        Tools = [ChatToolNames.GoogleSearch, ChatToolNames.UrlContext, ChatToolNames.CodeExecution], SamplingDeprecated = true,
    };

    /// <summary>
    /// An image model (Google's GA names since July 2026; the -preview ones were discontinued): it answers with text
    /// and pictures, grounds in Google Search, and takes no thinking level.
    /// </summary>
    private static GeminiModelOptions Drawer(string id, string name, UserTier[] tiers) => new()
    {
        Id = id, DisplayName = name, Tiers = [.. tiers], MakesImages = true, Tools = [ChatToolNames.GoogleSearch], SamplingDeprecated = true,
    };

    [LoggerMessage(LogLevel.Warning, "Gemini no longer serves {Model} (404); its turns and chatrooms move to {Replacement}. Update Gemini:Models.")]
    private partial void LogShutDown(string model, string? replacement);
}
