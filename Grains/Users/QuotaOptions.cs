using System.ComponentModel.DataAnnotations;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>Messages per UTC day by tier (<c>BASIC_DAILY_LIMIT</c>, <c>PRO_DAILY_LIMIT</c>).</summary>
public sealed class QuotaOptions
{
    public const string Section = "Quota";

    [Range(0, int.MaxValue)]
    public int BasicDailyLimit { get; set; } = 5;

    /// <summary>Null (the default) means unlimited.</summary>
    [Range(0, int.MaxValue)]
    public int? ProDailyLimit { get; set; }

    public int? LimitFor(UserTier tier) => tier == UserTier.Pro ? ProDailyLimit : BasicDailyLimit;
}
