using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Api.Validation;

/// <summary>A string whose length, once surrounding white space is trimmed, lies within bounds.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class TrimmedLengthAttribute(int minimum, int maximum) : ValidationAttribute
{
    public int Minimum => minimum;

    public int Maximum => maximum;

    public override bool IsValid(object? value) =>
        value is null || (value is string text && text.Trim().Length is var length && length >= minimum && length <= maximum);

    public override string FormatErrorMessage(string name) =>
        $"The {name} field must be {minimum} to {maximum} characters long, not counting surrounding spaces.";
}
