using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Interfaces.Users.Preferences;

/// <summary>The limits of preferences and Gems: the gateway refuses more before any grain is called.</summary>
public static class PreferenceLimits
{
    /// <summary>The longest instructions a user may give for every chatroom (as long as a chatroom's own).</summary>
    public const int InstructionsMaxLength = ChatroomLimits.SystemInstructionMaxLength;

    public const int GemNameMaxLength = 100;

    public const int GemDescriptionMaxLength = 500;

    public const int GemInstructionsMaxLength = ChatroomLimits.SystemInstructionMaxLength;
}

/// <summary>What a user asks of every conversation.</summary>
/// <param name="Instructions">Sent to Gemini before each chatroom's own system text; empty for none.</param>
/// <param name="DefaultModel">The model a new chatroom takes when its creator names none; null: the catalog's default.</param>
/// <param name="DefaultTools">The tools a new chatroom takes when its creator names none.</param>
/// <param name="UpdatedAt">When they were last set; null: never.</param>
[GenerateSerializer, Alias("GeminiClone.Users.UserPreferences")]
public sealed record UserPreferences(string Instructions, string? DefaultModel, ChatTools DefaultTools, DateTimeOffset? UpdatedAt)
{
    public static UserPreferences Default { get; } = new("", null, ChatTools.None, null);
}

/// <summary>What a turn takes from its owner's preferences.</summary>
/// <param name="Instructions">The user's instructions; empty for none.</param>
/// <param name="Gem">The Gem asked for as it is now; null when none was asked for or it is gone.</param>
[GenerateSerializer, Immutable, Alias("GeminiClone.Users.TurnPreferences")]
public sealed record TurnPreferences(string Instructions, GemSettings? Gem)
{
    /// <summary>
    /// The version of the preferences and Gems this read is of, as the preferences grain announces it to the user's
    /// grain (<see cref="IUserGrain.PreferencesChangedAsync"/>): a chatroom may keep the read while the user's slots
    /// carry the same version. Null: do not keep it (a change is being stored, or a silo of an earlier release answered).
    /// </summary>
    [Id(2)] public long? Version { get; init; }
}

/// <summary>A saved assistant: instructions, and optionally a model and tools, that chatrooms can start from.</summary>
/// <param name="Description">What it is for, for the user's own list; null for none.</param>
/// <param name="Model">A model of the catalog; null: the catalog's default.</param>
[GenerateSerializer, Alias("GeminiClone.Users.Gem")]
public sealed record Gem(
    string Id,
    string Name,
    string? Description,
    string Instructions,
    string? Model,
    ChatTools Tools,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>What a chatroom started from it uses (and keeps a copy of).</summary>
    public GemSettings ToSettings() => new(Id, Name, Instructions, Model, Tools, UpdatedAt);
}

/// <summary>A new Gem as its creator describes it.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.GemDraft")]
public sealed record GemDraft(string Name, string? Description, string Instructions, string? Model, ChatTools Tools);

/// <summary>
/// A change to a Gem: only the members that are set change. An empty <paramref name="Model"/> goes back to the
/// catalog's default, an empty <paramref name="Description"/> to none; <see cref="ChatTools.None"/> for no tools.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Users.GemChange")]
public sealed record GemChange(string? Name, string? Description, string? Instructions, string? Model, ChatTools? Tools);

[GenerateSerializer, Alias("GeminiClone.Users.PreferencesStatus")]
public enum PreferencesStatus
{
    Saved = 0,
    /// <summary>The user has no Gem of that id.</summary>
    NotFound = 1,
    /// <summary>A model that is unknown, retired or not on the user's plan; the result names the field.</summary>
    Invalid = 2,
    /// <summary>A tool the user's plan does not include; the result names the field.</summary>
    NotOnPlan = 3,
    /// <summary>A tool the model does not take; the result names the field.</summary>
    Unsupported = 4,
    /// <summary>The user has as many Gems as allowed (<c>Gems:MaxPerUser</c>).</summary>
    TooManyGems = 5,
}

/// <param name="Field">With a refusal: the request member at fault (e.g. <c>defaultModel</c>).</param>
[GenerateSerializer, Alias("GeminiClone.Users.PreferencesResult")]
public sealed record PreferencesResult(PreferencesStatus Status, UserPreferences? Preferences, string? Field = null, string? Detail = null);

/// <param name="Field">With a refusal: the request member at fault (e.g. <c>model</c>).</param>
[GenerateSerializer, Alias("GeminiClone.Users.GemResult")]
public sealed record GemResult(PreferencesStatus Status, Gem? Gem, string? Field = null, string? Detail = null);
