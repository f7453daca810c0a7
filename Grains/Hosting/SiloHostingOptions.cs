using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace GeminiClone.Grains.Hosting;

/// <summary>Where a silo listens and which cluster it joins (<c>ORLEANS_*</c>).</summary>
public sealed class SiloHostingOptions
{
    public const string Section = "Orleans";

    [Required]
    public string ClusterId { get; set; } = "gemini-clone";

    [Required]
    public string ServiceId { get; set; } = "gemini-clone";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this silo at (<c>ORLEANS_ADVERTISED_IP</c>). Unset: the first
    /// non-loopback address, which is right in a container; tests on one machine set 127.0.0.1.
    /// </summary>
    [RegularExpression(@"^[0-9a-fA-F:.]+$", ErrorMessage = "ORLEANS_ADVERTISED_IP must be an IP address.")]
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// How many grains' locations a silo keeps (<c>Orleans:DirectoryCacheSize</c>), where Orleans keeps a million.
    /// An entry lives 4 minutes after its last use (Orleans' <c>MaximumCacheTTL</c>), so this holds the grains of
    /// 100,000 distinct users and chatrooms called from one silo within 4 minutes; a grain past it costs one directory
    /// lookup. Orleans sizes the cache's dictionary for its capacity up front and counts it by walking every bucket
    /// whenever its size gauge is read, which the dashboard does every second: at a million that was 6-7 ms of a core
    /// each second, a third of an idle silo's CPU.
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int DirectoryCacheSize { get; set; } = 100_000;

    /// <summary>Read while the host is being built, before the container exists.</summary>
    public static SiloHostingOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<SiloHostingOptions>() ?? new SiloHostingOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }
}
