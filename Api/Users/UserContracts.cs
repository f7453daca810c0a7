using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Users;

/// <summary>A user as the API shows it: never the password hash.</summary>
public sealed record UserData(string Id, string MobileNumber, string Name, UserTier Tier, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static UserData From(UserProfile profile) => new(
        profile.Id, profile.MobileNumber, profile.Name, profile.Tier, profile.CreatedAt.UtcDateTime, profile.UpdatedAt.UtcDateTime);
}
