using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Audit;

/// <summary>The audit log (<c>Audit:RetentionDays</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>How long entries are kept; older ones are deleted by the retention job. At least 30 days.</summary>
    [Range(30, 36500)]
    public int RetentionDays { get; set; } = 400;
}
