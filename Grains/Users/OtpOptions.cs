using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Users;

public sealed class OtpOptions
{
    public const string Section = "Otp";

    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 20)]
    public int MaxFailedAttempts { get; set; } = 5;
}
