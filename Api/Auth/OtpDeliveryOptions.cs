using System.ComponentModel.DataAnnotations;
using PhoneNumbers;

namespace GeminiClone.Api.Configuration;

/// <summary>How OTPs reach the user (<c>OTP_IN_RESPONSE</c>).</summary>
public sealed class OtpDeliveryOptions
{
    public const string Section = "Otp";

    /// <summary>True (the default, as the original mocked SMS): the code is in the response. False: it goes to the SMS sender.</summary>
    public bool ReturnInResponse { get; set; } = true;
}

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

/// <summary>Per-IP throttling of the unauthenticated auth endpoints (<c>AUTH_RATE_LIMIT_PER_MINUTE</c>).</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests per client IP per minute; 0 turns the throttle off (load tests).</summary>
    [Range(0, 1_000_000)]
    public int AuthPermitsPerMinute { get; set; } = 30;
}
