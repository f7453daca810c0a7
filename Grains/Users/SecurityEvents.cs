using System.Diagnostics.Metrics;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Users;

/// <summary>
/// Security events: a Warning in the log under one event id (so an alert can match it) and a count in the
/// <c>GeminiClone.Security</c> meter, tagged with the event. Numbers appear masked.
/// </summary>
public static partial class SecurityEvents
{
    public const string MeterName = "GeminiClone.Security";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Events = Meter.CreateCounter<long>(
        "geminiclone.security.events", unit: "{event}", description: "Security events by kind");

    public static void OtpLockout(ILogger logger, string mobileNumber, string? userId, int failures, TimeSpan window, DateTimeOffset until)
    {
        Events.Add(1, new KeyValuePair<string, object?>("event", "otp_lockout"));
        LogOtpLockout(logger, MaskedNumbers.Mask(mobileNumber), userId ?? "(no account)", failures, window, until);
    }

    public static void OtpRejected(string check) =>
        Events.Add(1, new KeyValuePair<string, object?>("event", "otp_rejected"), new KeyValuePair<string, object?>("check", check));

    [LoggerMessage(EventId = 9001, EventName = "OtpLockout", Level = LogLevel.Warning,
        Message = "Security event: OTP verification for {MobileNumber} (user {UserId}) locked until {Until:O} after {Failures} wrong codes within {Window}")]
    private static partial void LogOtpLockout(ILogger logger, string mobileNumber, string userId, int failures, TimeSpan window, DateTimeOffset until);
}
