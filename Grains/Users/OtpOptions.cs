using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Users;

public sealed class OtpOptions
{
    public const string Section = "Otp";

    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wrong tries that void one code.</summary>
    [Range(1, 20)]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>
    /// Wrong tries across codes and purposes, within <see cref="LockoutWindow"/>, that lock verification for the number
    /// (<c>OTP_LOCKOUT_THRESHOLD</c>). Without it a guesser gets five tries per code and a new code every cooldown.
    /// </summary>
    [Range(1, 1000)]
    public int LockoutThreshold { get; set; } = 10;

    /// <summary>The sliding window the wrong tries are counted over (<c>OTP_LOCKOUT_WINDOW</c>).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan LockoutWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long verification stays locked (<c>OTP_LOCKOUT_DURATION</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromHours(1);
}
