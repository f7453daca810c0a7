using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using GeminiClone.Api.Validation;

namespace GeminiClone.Api.Auth;

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

/// <summary>An access token, and for a new or refreshed session its refresh token.</summary>
/// <param name="Token">The access token (a JWT): send it as <c>Authorization: Bearer</c>.</param>
/// <param name="ExpiresIn">Seconds until <paramref name="Token"/> expires.</param>
/// <param name="RefreshToken">Exchange it at <c>POST /auth/refresh</c> for a new pair before it expires; use it once.</param>
public sealed record TokenData(
    string Token,
    string TokenType,
    DateTime ExpiresAt,
    long ExpiresIn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? RefreshExpiresAt = null);

public sealed record RefreshRequest([Required, StringLength(RefreshTokens.MaxLength)] string RefreshToken);
