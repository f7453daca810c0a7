using System.ComponentModel.DataAnnotations;
using PhoneNumbers;

namespace GeminiClone.Api.Auth;

/// <summary>How mobile numbers are read (<c>PHONE_DEFAULT_REGION</c>).</summary>
public sealed class PhoneOptions : IValidatableObject
{
    public const string Section = "Phone";

    /// <summary>The region assumed for numbers written without a leading + (ISO 3166 code).</summary>
    public string DefaultRegion { get; set; } = "IN";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(DefaultRegion))
        {
            yield return new ValidationResult($"PHONE_DEFAULT_REGION '{DefaultRegion}' is not a known region code.", [nameof(DefaultRegion)]);
        }
    }
}
