using System.ComponentModel.DataAnnotations;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Validation;

/// <summary>A list of Gemini's built-in tools by name (<see cref="ChatToolNames"/>); an empty list means none.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class ToolNamesAttribute : ValidationAttribute
{
    /// <summary>More names than tools is a mistake, not a choice.</summary>
    public const int MaxNames = 8;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not IReadOnlyCollection<string?> names)
        {
            return ValidationResult.Success;
        }

        var member = validationContext.MemberName is { } name ? [name] : Array.Empty<string>();
        if (names.Count > MaxNames)
        {
            return new ValidationResult($"At most {MaxNames} tool names; the tools are {ChatToolNames.Listed}.", member);
        }

        return ChatToolNames.TryParse(names.Select(n => n ?? ""), out _, out var unknown)
            ? ValidationResult.Success
            : new ValidationResult($"'{unknown}' is not a tool; the tools are {ChatToolNames.Listed}.", member);
    }

    /// <summary>The tools a valid list names; null for no list (nothing to change).</summary>
    public static ChatTools? Parse(IReadOnlyCollection<string?>? names) =>
        names is null ? null : ChatToolNames.TryParse(names.Select(n => n ?? ""), out var tools, out _) ? tools : null;
}
