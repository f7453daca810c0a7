using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

[GenerateSerializer, Alias("GeminiClone.Users.UserState")]
public sealed class UserState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string MobileNumber { get; set; } = "";
    [Id(2)] public string PasswordHash { get; set; } = "";
    [Id(3)] public UserTier Tier { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Stamped into every token; bumping it revokes all tokens minted before.</summary>
    [Id(6)] public int TokenVersion { get; set; }
    [Id(7)] public Dictionary<OtpPurpose, PendingOtp> PendingOtps { get; set; } = [];

    public UserProfile ToProfile(string id) => new(id, MobileNumber, Name, Tier, CreatedAt, UpdatedAt);
}

/// <summary>An issued, unused OTP. Only a salted hash of the code is kept.</summary>
[GenerateSerializer, Alias("GeminiClone.Users.PendingOtp")]
public sealed record PendingOtp(byte[] Salt, byte[] Hash, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, int FailedAttempts);
