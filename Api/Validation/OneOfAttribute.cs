using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Api.Validation;

/// <summary>
/// A string that is one of <paramref name="values"/> exactly (absent is fine: <c>[Required]</c> says when it is not).
/// The OpenAPI document lists the values as the field's <c>enum</c> (<c>OpenApiSchemaTruth</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class OneOfAttribute(params string[] values) : ValidationAttribute
{
    public IReadOnlyList<string> Values => values;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is null || (value is string text && values.Contains(text, StringComparer.Ordinal))
            ? ValidationResult.Success
            : new ValidationResult(
                $"The {validationContext.DisplayName} must be one of: {string.Join(", ", values)}.",
                validationContext.MemberName is { } member ? [member] : []);
}
