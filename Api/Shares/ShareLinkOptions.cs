using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Api.Shares;

/// <summary>How the gateway writes and guards share links (section <c>Shares</c>; the silos read its limits).</summary>
public sealed class ShareLinkOptions : IValidatableObject
{
    public const string Section = "Shares";

    /// <summary>
    /// Where links point: <c>{PublicBaseUrl}/shared/{id}</c> (e.g. the site that renders them, or the API's public
    /// address behind a proxy). Unset: the address the request came to.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Anonymous reads of shared conversations and their files per client address per minute; 0 turns the throttle off.</summary>
    [Range(0, 1_000_000)]
    public int ReadsPerMinute { get; set; } = 120;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicBaseUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http") || url.Query.Length > 0 || url.Fragment.Length > 0))
        {
            yield return new ValidationResult("Shares:PublicBaseUrl must be an absolute http(s) URL without a query or fragment.", [nameof(PublicBaseUrl)]);
        }
    }
}
