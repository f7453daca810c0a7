using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Users;

/// <summary>Sign-in sessions and their refresh tokens (<c>Sessions:RefreshLifetime</c>, <c>Sessions:MaxPerUser</c>).</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>How long a refresh token lasts; each refresh starts a new one of the same length.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan RefreshLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Beyond this many, a new sign-in ends the session used least recently.</summary>
    [Range(1, 1000)]
    public int MaxPerUser { get; set; } = 50;
}
