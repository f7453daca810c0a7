using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Users.Passkeys;

/// <summary>
/// The WebAuthn relying party (<c>WebAuthn:RelyingPartyId</c> or <c>WEBAUTHN_RP_ID</c>, <c>WebAuthn:Origins</c> or
/// <c>WEBAUTHN_ORIGINS</c>, comma-separated, <c>WebAuthn:RelyingPartyName</c> or <c>WEBAUTHN_RP_NAME</c>).
/// </summary>
public sealed class WebAuthnOptions : IValidatableObject
{
    public const string Section = "WebAuthn";

    /// <summary>The domain passkeys are bound to: the site's host or a parent of it, never a scheme or port.</summary>
    [Required, StringLength(253, MinimumLength = 1)]
    public string RelyingPartyId { get; set; } = "localhost";

    /// <summary>The origins pages calling <c>navigator.credentials</c> are served from, comma-separated.</summary>
    [Required]
    public string Origins { get; set; } = "http://localhost:5000";

    /// <summary>Shown by the authenticator next to the account name.</summary>
    [Required, StringLength(100, MinimumLength = 1)]
    public string RelyingPartyName { get; set; } = "GeminiClone";

    /// <summary>How long a ceremony's challenge may be answered (tests shorten it to see one expire).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public IReadOnlySet<string> OriginList =>
        Origins.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OriginList.Count == 0)
        {
            yield return new ValidationResult("At least one origin is needed.", [nameof(Origins)]);
        }

        // Browsers send the origin as scheme://host[:port] with nothing after it; anything else would never match.
        foreach (var origin in OriginList.Where(o => !Uri.TryCreate(o, UriKind.Absolute, out var uri)
                     || uri.Scheme is not ("https" or "http") || uri.AbsolutePath != "/" || o.EndsWith('/')))
        {
            yield return new ValidationResult($"'{origin}' is not an origin (scheme://host[:port]).", [nameof(Origins)]);
        }

        if (RelyingPartyId.Contains("://", StringComparison.Ordinal) || RelyingPartyId.Contains(':') || RelyingPartyId.Contains('/'))
        {
            yield return new ValidationResult("The relying party id is a domain, without scheme, port or path.", [nameof(RelyingPartyId)]);
        }
    }
}
