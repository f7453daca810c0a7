using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace GeminiClone.Api.Validation;

/// <summary>
/// A string whose length lies within bounds, counted as a person counts characters: text elements (grapheme
/// clusters), so an emoji or an accented letter is one, not the two or more UTF-16 code units .NET's
/// <see cref="StringLengthAttribute"/> counts. Against abuse (a "character" stacked with hundreds of combining
/// marks), the string may also hold at most <see cref="CodeUnitsPerCharacter"/> code units per allowed character.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class TextLengthAttribute(int minimum, int maximum) : ValidationAttribute
{
    /// <summary>Room for the longest common clusters (family emoji are up to 11 code units).</summary>
    public const int CodeUnitsPerCharacter = 12;

    public int Minimum => minimum;

    public int Maximum => maximum;

    /// <summary>Count the text without surrounding white space, which the service trims anyway.</summary>
    public bool Trimmed { get; init; }

    public override bool IsValid(object? value)
    {
        if (value is null)
        {
            return true;
        }

        if (value is not string text)
        {
            return false;
        }

        if (Trimmed)
        {
            text = text.Trim();
        }

        return text.Length <= maximum * CodeUnitsPerCharacter
            && new StringInfo(text).LengthInTextElements is var length && length >= minimum && length <= maximum;
    }

    public override string FormatErrorMessage(string name) =>
        $"The {name} field must be {minimum} to {maximum} characters long{(Trimmed ? ", not counting surrounding spaces" : "")}.";
}
