using System.ComponentModel.DataAnnotations;
using PhoneNumbers;

namespace GeminiClone.Api.Auth.Sms;

/// <summary>
/// What an OTP message says and the toll-fraud limits on sending it (<c>SMS_ALLOWED_COUNTRIES</c>,
/// <c>SMS_DAILY_BUDGET</c>, <c>WEBOTP_DOMAIN</c>). A limit of 0 switches that check off.
/// </summary>
public sealed class SmsOptions : IValidatableObject
{
    public const string Section = "Sms";

    /// <summary>ISO region codes (<c>IN,US</c>) whose numbers may get SMS; empty: every country.</summary>
    public string AllowedCountries { get; set; } = "";

    [Range(0, int.MaxValue)]
    public int MaxPerNumberPerHour { get; set; } = 5;

    /// <summary>Per client address (an IPv6 client by its /64, which one subscriber usually owns whole).</summary>
    [Range(0, int.MaxValue)]
    public int MaxPerIpPerHour { get; set; } = 20;

    /// <summary>Messages per UTC day across the whole deployment: what a pumping attack can cost at most.</summary>
    [Range(0, int.MaxValue)]
    public int DailyBudget { get; set; } = 10_000;

    [Required, MinLength(1)]
    public string AppName { get; set; } = "GeminiClone";

    /// <summary>The text; <c>{code}</c>, <c>{app}</c> and <c>{minutes}</c> (until the code expires) are filled in.</summary>
    [Required]
    public string MessageTemplate { get; set; } = "{code} is your {app} verification code. It expires in {minutes} minutes. Do not share it.";

    /// <summary>
    /// The web origin's host (<c>example.com</c>): adds <c>@example.com #123456</c> as the last line, which lets the
    /// WebOTP API and Android's SMS Retriever fill the code in for that site only.
    /// </summary>
    public string? WebOtpDomain { get; set; }

    public IReadOnlySet<string> AllowedRegionCodes() =>
        AllowedCountries.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(code => code.ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var known = PhoneNumberUtil.GetInstance().GetSupportedRegions();
        foreach (var code in AllowedRegionCodes().Where(code => !known.Contains(code)))
        {
            yield return new ValidationResult($"SMS_ALLOWED_COUNTRIES: '{code}' is not a known ISO region code.", [nameof(AllowedCountries)]);
        }

        if (!MessageTemplate.Contains("{code}", StringComparison.Ordinal))
        {
            yield return new ValidationResult("Sms:MessageTemplate must contain {code}.", [nameof(MessageTemplate)]);
        }

        if (WebOtpDomain is { Length: > 0 } domain && Uri.CheckHostName(domain) != UriHostNameType.Dns)
        {
            yield return new ValidationResult($"WEBOTP_DOMAIN '{domain}' is not a host name (no scheme, no path).", [nameof(WebOtpDomain)]);
        }
    }
}
