using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users.Preferences;

namespace GeminiClone.Api.Preferences;

/// <summary><c>PUT /user/preferences</c>: the whole preferences; what is left out goes back to its default.</summary>
/// <param name="Instructions">Sent to Gemini before every chatroom's own system text, up to 4,000 characters; empty for none.</param>
/// <param name="DefaultModel">The model a new chatroom takes when it names none (a model your plan may use); null or empty: the catalog's default.</param>
/// <param name="DefaultTools">The tools a new chatroom takes when it names none; null or empty: none.</param>
public sealed record SetPreferencesRequest(
    [property: Required(AllowEmptyStrings = true)][TextLength(0, PreferenceLimits.InstructionsMaxLength, Trimmed = true)] string Instructions,
    [StringLength(RequestLimits.ModelIdMaxLength)] string? DefaultModel = null,
    [ToolNames] IReadOnlyList<string?>? DefaultTools = null)
{
    [JsonIgnore]
    public string? Model => DefaultModel?.Trim() is { Length: > 0 } model ? model : null;

    [JsonIgnore]
    public ChatTools Tools => ToolNamesAttribute.Parse(DefaultTools) ?? ChatTools.None;
}

/// <summary>The caller's preferences.</summary>
/// <param name="Instructions">Empty when none are set.</param>
/// <param name="DefaultModel">Null: new chatrooms take the catalog's default.</param>
/// <param name="UpdatedAt">Null: never set.</param>
public sealed record PreferencesData(string Instructions, string? DefaultModel, IReadOnlyList<string> DefaultTools, DateTime? UpdatedAt)
{
    public static PreferencesData From(UserPreferences preferences) => new(
        preferences.Instructions, preferences.DefaultModel, ChatToolNames.Of(preferences.DefaultTools), preferences.UpdatedAt?.UtcDateTime);
}
