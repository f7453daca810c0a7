using System.ComponentModel.DataAnnotations;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>
/// Messages per UTC day by tier (<c>BASIC_DAILY_LIMIT</c>, <c>PRO_DAILY_LIMIT</c>), and the images Gemini may make
/// for a user per UTC day by tier.
/// </summary>
public sealed class QuotaOptions
{
    public const string Section = "Quota";

    [Range(0, int.MaxValue)]
    public int BasicDailyLimit { get; set; } = 5;

    /// <summary>Null (the default) means unlimited.</summary>
    [Range(0, int.MaxValue)]
    public int? ProDailyLimit { get; set; }

    [Range(0, int.MaxValue)]
    public int BasicDailyImages { get; set; } = 3;

    [Range(0, int.MaxValue)]
    public int ProDailyImages { get; set; } = 100;

    public int? LimitFor(UserTier tier) => tier == UserTier.Pro ? ProDailyLimit : BasicDailyLimit;

    public int ImagesFor(UserTier tier) => tier == UserTier.Pro ? ProDailyImages : BasicDailyImages;
}
