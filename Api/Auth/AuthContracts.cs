using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using GeminiClone.Api.Configuration;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Endpoints;

public sealed record SignUpRequest(
    [Required, TextLength(1, RequestLimits.NameMaxLength)] string Name,
    [Required, StringLength(RequestLimits.MobileNumberMaxLength)] string MobileNumber,
    [Required, TextLength(RequestLimits.PasswordMinLength, RequestLimits.PasswordMaxLength)] string Password);

public sealed record MobileNumberRequest(
    [Required, StringLength(RequestLimits.MobileNumberMaxLength)] string MobileNumber);

public sealed record VerifyOtpRequest(
    [Required, StringLength(RequestLimits.MobileNumberMaxLength)] string MobileNumber,
    [Required, StringLength(RequestLimits.OtpMaxLength)]
    [property: JsonConverter(typeof(StringOrNumberJsonConverter))] string Otp);

public sealed record ResetPasswordRequest(
    [Required, StringLength(RequestLimits.MobileNumberMaxLength)] string MobileNumber,
    [Required, StringLength(RequestLimits.OtpMaxLength)]
    [property: JsonConverter(typeof(StringOrNumberJsonConverter))] string Otp,
    [Required, TextLength(RequestLimits.PasswordMinLength, RequestLimits.PasswordMaxLength)] string NewPassword);

public sealed record ChangePasswordRequest(
    [Required, TextLength(0, RequestLimits.PasswordMaxLength)] string CurrentPassword,
    [Required, TextLength(RequestLimits.PasswordMinLength, RequestLimits.PasswordMaxLength)] string NewPassword);

/// <param name="Otp">Present only while <c>OTP_IN_RESPONSE</c> is true.</param>
public sealed record OtpSentData(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Otp,
    DateTime ExpiresAt);

public sealed record TokenData(string Token, string TokenType, DateTime ExpiresAt);

/// <summary>A user as the API shows it: never the password hash.</summary>
public sealed record UserData(string Id, string MobileNumber, string Name, UserTier Tier, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static UserData From(UserProfile profile) => new(
        profile.Id, profile.MobileNumber, profile.Name, profile.Tier, profile.CreatedAt.UtcDateTime, profile.UpdatedAt.UtcDateTime);
}

/// <summary>The original's clients sent <c>otp</c> as a number as often as a string; both mean the same code.</summary>
public sealed class StringOrNumberJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        // As a number, a code with leading zeros loses them (012345 is sent as 12345): put them back.
        JsonTokenType.Number when reader.TryGetInt32(out var code) && code is >= 0 and < 1_000_000 => code.ToString("D6"),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => throw new JsonException("Expected a string or a number."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
