using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users.Preferences;

namespace GeminiClone.Api.Preferences;

/// <summary><c>POST /gems</c>: a saved assistant.</summary>
/// <param name="Name">1-100 characters.</param>
/// <param name="Instructions">What the Gem is told in every turn of its chatrooms, 1-4,000 characters.</param>
/// <param name="Model">A model your plan may use; null or empty: the catalog's default.</param>
/// <param name="Tools">Gemini's built-in tools its chatrooms' turns may use.</param>
/// <param name="Description">What it is for, up to 500 characters.</param>
public sealed record CreateGemRequest(
    [property: Required][TextLength(1, PreferenceLimits.GemNameMaxLength, Trimmed = true)] string Name,
    [property: Required][TextLength(1, PreferenceLimits.GemInstructionsMaxLength, Trimmed = true)] string Instructions,
    [StringLength(RequestLimits.ModelIdMaxLength)] string? Model = null,
    [ToolNames] IReadOnlyList<string?>? Tools = null,
    [TextLength(0, PreferenceLimits.GemDescriptionMaxLength, Trimmed = true)] string? Description = null)
{
    public GemDraft ToDraft() => new(
        Name.Trim(), Description?.Trim() is { Length: > 0 } description ? description : null, Instructions.Trim(),
        Model?.Trim() is { Length: > 0 } model ? model : null, ToolNamesAttribute.Parse(Tools) ?? ChatTools.None);
}

/// <summary><c>PATCH /gems/:id</c>: what is present changes, what is absent (or null) stays.</summary>
public sealed class UpdateGemRequest
{
    [TextLength(1, PreferenceLimits.GemNameMaxLength, Trimmed = true)]
    public string? Name { get; init; }

    /// <summary>Empty: no description.</summary>
    [TextLength(0, PreferenceLimits.GemDescriptionMaxLength, Trimmed = true)]
    public string? Description { get; init; }

    [TextLength(1, PreferenceLimits.GemInstructionsMaxLength, Trimmed = true)]
    public string? Instructions { get; init; }

    /// <summary>Empty: the catalog's default.</summary>
    [StringLength(RequestLimits.ModelIdMaxLength)]
    public string? Model { get; init; }

    /// <summary>Gemini's built-in tools (<c>google_search</c>, <c>url_context</c>, <c>code_execution</c>); <c>[]</c> for none.</summary>
    [ToolNames]
    public IReadOnlyList<string?>? Tools { get; init; }

    [JsonIgnore]
    public bool ChangesNothing => Name is null && Description is null && Instructions is null && Model is null && Tools is null;

    public GemChange ToChange() =>
        new(Name?.Trim(), Description?.Trim(), Instructions?.Trim(), Model?.Trim(), ToolNamesAttribute.Parse(Tools));
}

/// <summary>A Gem.</summary>
/// <param name="Description">Null when it has none.</param>
/// <param name="Model">Null: the catalog's default.</param>
public sealed record GemData(
    string Id,
    string Name,
    string? Description,
    string Instructions,
    string? Model,
    IReadOnlyList<string> Tools,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static GemData From(Gem gem) => new(
        gem.Id, gem.Name, gem.Description, gem.Instructions, gem.Model, ChatToolNames.Of(gem.Tools), gem.CreatedAt.UtcDateTime, gem.UpdatedAt.UtcDateTime);
}

/// <summary>The Gem a chatroom was started from; its name as of the chatroom's last turn.</summary>
public sealed record GemReferenceData(string Id, string Name)
{
    public static GemReferenceData? From(GemReference? gem) => gem is null ? null : new(gem.Id, gem.Name);
}
