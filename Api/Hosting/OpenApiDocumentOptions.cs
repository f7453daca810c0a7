
namespace GeminiClone.Api.Hosting;

/// <summary>The API reference (<c>OpenApi:*</c>): on by default, in Production too, and how it names the product.</summary>
public sealed class OpenApiDocumentOptions
{
    public const string Section = "OpenApi";

    /// <summary>False removes <c>/openapi/v1.json</c> and <c>/scalar</c> altogether.</summary>
    public bool Enabled { get; set; } = true;

    public string ContactName { get; set; } = "GeminiClone team";

    public string? ContactUrl { get; set; }

    public string? ContactEmail { get; set; }

    public string LicenseName { get; set; } = "Proprietary";

    public string? LicenseUrl { get; set; }

    /// <summary>An SPDX expression, used when no <see cref="LicenseUrl"/> is set (OpenAPI allows one or the other).</summary>
    public string LicenseIdentifier { get; set; } = "LicenseRef-Proprietary";

    /// <summary>Read while the app is built, before the container exists (whether to map the endpoints at all).</summary>
    public static OpenApiDocumentOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<OpenApiDocumentOptions>() ?? new OpenApiDocumentOptions();
}
