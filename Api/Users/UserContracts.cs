using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Users;

/// <summary>A user as the API shows it: never the password hash.</summary>
public sealed record UserData(string Id, string MobileNumber, string Name, UserTier Tier, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static UserData From(UserProfile profile) => new(
        profile.Id, profile.MobileNumber, profile.Name, profile.Tier, profile.CreatedAt.UtcDateTime, profile.UpdatedAt.UtcDateTime);
}

/// <summary>A sign-in session.</summary>
/// <param name="IpAddress">The client's address as the gateway saw it (a proxy's, behind one).</param>
/// <param name="Current">The session of the token that asked.</param>
public sealed record SessionData(string Id, DateTime CreatedAt, DateTime LastUsedAt, string? UserAgent, string? IpAddress, bool Current)
{
    public static SessionData From(SessionInfo session, string? currentSessionId) => new(
        session.Id, session.CreatedAt.UtcDateTime, session.LastUsedAt.UtcDateTime, session.UserAgent, session.IpAddress,
        session.Id == currentSessionId);
}

/// <summary><c>DELETE /user/me</c>: one of the two proves it is the owner asking.</summary>
/// <param name="Otp">A login OTP from <c>POST /auth/send-otp</c>.</param>
public sealed record DeleteAccountRequest(
    [StringLength(RequestLimits.PasswordMaxLength)] string? Password = null,
    [StringLength(RequestLimits.OtpMaxLength)][property: JsonConverter(typeof(StringOrNumberJsonConverter))] string? Otp = null);
