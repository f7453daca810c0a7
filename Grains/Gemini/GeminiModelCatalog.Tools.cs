using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Gemini;

/// <summary>Which model takes which built-in tool, which plan may use it, and sampling settings a model no longer takes.</summary>
public sealed partial class GeminiModelCatalog
{
    private readonly Dictionary<string, List<UserTier>> _toolPlans;

    /// <summary>Why <paramref name="tools"/> cannot be used, or null when they can.</summary>
    public enum ToolRefusal
    {
        /// <summary>The plan does not include the tool (403).</summary>
        NotOnPlan,
        /// <summary>The model does not take the tool (422).</summary>
        Unsupported,
    }

    /// <summary>
    /// Null when <paramref name="model"/> takes every tool in <paramref name="tools"/> and <paramref name="tier"/>'s plan
    /// includes them (no tier: the plan is not judged); else why not, in a sentence naming the tool.
    /// </summary>
    public (ToolRefusal Refusal, string Detail)? CheckTools(ChatTools tools, GeminiModelOptions model, UserTier? tier)
    {
        foreach (var tool in ChatToolNames.Each(tools))
        {
            var name = ChatToolNames.NameOf(tool);
            if (tier is { } plan && !AllowsTool(name, plan))
            {
                return (ToolRefusal.NotOnPlan, $"{name} is not available on the {plan} plan.");
            }

            if (!model.Tools.Contains(name, StringComparer.Ordinal))
            {
                return (ToolRefusal.Unsupported, $"{model.Id} does not take {name}; GET /models says which models take which tools.");
            }
        }

        return null;
    }

    /// <summary>The tools of <paramref name="tools"/> a turn may use on <paramref name="model"/> for a user of <paramref name="tier"/>.</summary>
    public ChatTools UsableTools(ChatTools tools, GeminiModelOptions model, UserTier tier) =>
        ChatToolNames.Each(tools)
            .Where(tool => AllowsTool(ChatToolNames.NameOf(tool), tier) && model.Tools.Contains(ChatToolNames.NameOf(tool), StringComparer.Ordinal))
            .Aggregate(ChatTools.None, (all, tool) => all | tool);

    private bool AllowsTool(string name, UserTier tier) => !_toolPlans.TryGetValue(name, out var plans) || plans.Contains(tier);

    private void WarnOfIgnoredSampling(GeminiOptions options)
    {
        if (options.Temperature is null && options.TopP is null && options.TopK is null)
        {
            return;
        }

        foreach (var model in _models.Values.Where(m => m.SamplingDeprecated))
        {
            LogSamplingIgnored(model.Id);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Gemini:Temperature, TopP and TopK are not sent to {Model}: Google deprecates sampling settings for it.")]
    private partial void LogSamplingIgnored(string model);
}
