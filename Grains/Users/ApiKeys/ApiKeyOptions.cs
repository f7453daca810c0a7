using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Users.ApiKeys;

public sealed class ApiKeyOptions
{
    public const string Section = "ApiKeys";

    /// <summary>Keys one user may hold at once: enough for every program, few enough to list and revoke.</summary>
    [Range(1, 1000)]
    public int MaxPerUser { get; set; } = 20;
}
