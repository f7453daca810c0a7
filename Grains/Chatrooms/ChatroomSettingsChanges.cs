using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

internal static class ChatroomSettingsChanges
{
    /// <summary>
    /// The settings after a change: null keeps a setting, empty goes back to the default. Moving to a model that
    /// does not take the chosen thinking level drops the level (the model's own default) rather than failing.
    /// </summary>
    public static ChatroomSettings With(this ChatroomSettings settings, ChatroomChange change, GeminiModelCatalog models)
    {
        var model = Changed(settings.Model, change.Model);
        var level = Changed(settings.ThinkingLevel, change.ThinkingLevel);
        if (change.Model is not null && change.ThinkingLevel is null && level is not null
            && !(models.Find(model) ?? models.Default).Thinking.Contains(level))
        {
            level = null;
        }

        return new ChatroomSettings(model, Changed(settings.SystemInstruction, change.SystemInstruction), level,
            change.IncludeThoughts ?? settings.IncludeThoughts)
        {
            Tools = change.Tools ?? settings.Tools,
        };
    }

    private static string? Changed(string? current, string? requested) =>
        requested is null ? current : requested.Length > 0 ? requested : null;
}
