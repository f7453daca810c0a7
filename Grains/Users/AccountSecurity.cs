using GeminiClone.Grains.Telemetry;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Users;

/// <summary>
/// How a user proves to be the user: the password hasher and the settings of one-time passwords and sessions; and
/// where the user's grain counts sign-ins and refused allowances (its constructor is full).
/// </summary>
public sealed class AccountSecurity(
    IPasswordHasher<UserState> passwords, IOptions<OtpOptions> otp, IOptions<SessionOptions> sessions, GeminiCloneMetrics metrics)
{
    public IPasswordHasher<UserState> Passwords => passwords;

    public OtpOptions Otp => otp.Value;

    public SessionOptions Sessions => sessions.Value;

    public GeminiCloneMetrics Metrics => metrics;
}
