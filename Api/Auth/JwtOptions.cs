using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Api.Auth;

/// <summary>Access tokens (<c>JWT_SECRET</c>, <c>JWT_LIFETIME</c>).</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    /// <summary>HS256 needs a 256-bit key, so at least 32 characters.</summary>
    public const int MinimumSecretLength = 32;

    public string? Secret { get; set; }

    [Required]
    public string Issuer { get; set; } = "gemini-clone";

    [Required]
    public string Audience { get; set; } = "gemini-clone";

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(1);
}
