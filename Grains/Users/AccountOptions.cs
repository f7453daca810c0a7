using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Users;

/// <summary>Account deletion (<c>Accounts:DeletionRetryPeriod</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>How often a deletion an outage interrupted (Stripe unreachable, a silo lost) is taken up again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DeletionRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
