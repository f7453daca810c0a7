using System.ComponentModel.DataAnnotations;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Admin;

/// <summary>The first operators (<c>ADMIN_MOBILE_NUMBERS</c>) and how numbers are read (<c>PHONE_DEFAULT_REGION</c>).</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string Section = "Admin";

    /// <summary>
    /// Comma-separated mobile numbers, in E.164 or as users type them (read in <see cref="DefaultRegion"/>): each is
    /// given the admin role when its user signs in.
    /// </summary>
    public string? MobileNumbers { get; set; }

    /// <summary><c>Phone:DefaultRegion</c>, as the gateway reads numbers; set from configuration, not bound here.</summary>
    public string DefaultRegion { get; set; } = "IN";

    /// <summary>The numbers in E.164; those that are not numbers are refused at start-up.</summary>
    public IReadOnlySet<string> Normalized() =>
        Entries().Select(n => MobileNumberFormat.TryNormalize(n, DefaultRegion, out var e164) ? e164 : null).OfType<string>().ToHashSet(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MobileNumberFormat.IsKnownRegion(DefaultRegion))
        {
            yield return new ValidationResult($"PHONE_DEFAULT_REGION '{DefaultRegion}' is not a known region code.", [nameof(DefaultRegion)]);
            yield break;
        }

        foreach (var entry in Entries().Where(n => !MobileNumberFormat.TryNormalize(n, DefaultRegion, out _)))
        {
            yield return new ValidationResult($"ADMIN_MOBILE_NUMBERS: '{entry}' is not a mobile number.", [nameof(MobileNumbers)]);
        }
    }

    private IEnumerable<string> Entries() =>
        (MobileNumbers ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The numbers of <see cref="AdminOptions.MobileNumbers"/>, read once.</summary>
public sealed class AdminNumbers(Microsoft.Extensions.Options.IOptions<AdminOptions> options)
{
    private readonly IReadOnlySet<string> _numbers = options.Value.Normalized();

    public bool Lists(string e164) => _numbers.Contains(e164);
}
