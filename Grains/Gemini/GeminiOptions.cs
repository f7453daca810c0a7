using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Gemini;

/// <summary>Gemini's REST API (<c>GEMINI_API_KEY</c>, <c>GEMINI_BASE_URL</c>, <c>GEMINI_MODEL</c>).</summary>
public sealed class GeminiOptions
{
    public const string Section = "Gemini";

    /// <summary>Empty means not configured: chat answers 503 and everything else keeps working.</summary>
    public string? ApiKey { get; set; }

    [Required, Url]
    public string BaseUrl { get; set; } = "https://generativelanguage.googleapis.com";

    [Required, RegularExpression("^[A-Za-z0-9._-]+$", ErrorMessage = "GEMINI_MODEL must be a bare model name such as gemini-2.5-flash.")]
    public string Model { get; set; } = "gemini-2.5-flash";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);
}
