using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Gemini;

/// <summary>The rules a choice of model and tools is held to, alike for a chatroom's settings, a user's defaults and a Gem.</summary>
public sealed partial class GeminiModelCatalog
{
    /// <summary>How a choice is refused: 400 (<see cref="Invalid"/>), 403 (<see cref="NotOnPlan"/>) or 422 (<see cref="Unsupported"/>).</summary>
    public enum ChoiceRefusalKind
    {
        /// <summary>An unknown or retired model, one the plan does not include, or a thinking level the model lacks.</summary>
        Invalid,
        /// <summary>A tool the plan does not include.</summary>
        NotOnPlan,
        /// <summary>A tool the model does not take.</summary>
        Unsupported,
    }

    /// <param name="Field">The request member at fault.</param>
    public sealed record ChoiceRefusal(ChoiceRefusalKind Kind, string Field, string Detail);

    /// <summary>
    /// Null when <paramref name="settings"/> may be chosen by a user of <paramref name="tier"/>. The plan judges only
    /// what is being chosen (a chatroom renamed after a downgrade keeps its Pro model); tools must suit the model
    /// whenever either is chosen (a turn would fail later). <paramref name="modelField"/> and
    /// <paramref name="toolsField"/> name the members as the request calls them.
    /// </summary>
    public ChoiceRefusal? CheckChoice(
        ChatroomSettings settings, UserTier? tier, bool choosingModel, bool choosingTools, string modelField = "model", string toolsField = "tools")
    {
        if (Check(settings, choosingModel ? tier : null) is { } error)
        {
            return new ChoiceRefusal(ChoiceRefusalKind.Invalid, error.Field == "model" ? modelField : error.Field, error.Detail);
        }

        var model = Find(settings.Model) ?? Default;
        return (choosingModel || choosingTools) && CheckTools(settings.Tools, model, choosingTools ? tier : null) is { } refused
            ? new ChoiceRefusal(refused.Refusal == ToolRefusal.NotOnPlan ? ChoiceRefusalKind.NotOnPlan : ChoiceRefusalKind.Unsupported,
                toolsField, refused.Detail)
            : null;
    }

    /// <summary>The tools of <paramref name="tools"/> that the model <paramref name="modelId"/> (null: the default) takes.</summary>
    public ChatTools TakenBy(ChatTools tools, string? modelId)
    {
        var model = Find(modelId) ?? Default;
        return ChatToolNames.Each(tools)
            .Where(tool => model.Tools.Contains(ChatToolNames.NameOf(tool), StringComparer.Ordinal))
            .Aggregate(ChatTools.None, (all, tool) => all | tool);
    }
}
