using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Auth;

/// <summary>The default sender: writes the code to the log, for development and for deployments without SMS.</summary>
internal sealed partial class LoggingOtpSender(ILogger<LoggingOtpSender> logger) : IOtpSender
{
    public Task SendAsync(string mobileNumber, string code, OtpPurpose purpose, CancellationToken cancellationToken)
    {
        LogOtp(mobileNumber, purpose, code);
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "OTP for {MobileNumber} ({Purpose}): {Code}")]
    private partial void LogOtp(string mobileNumber, OtpPurpose purpose, string code);
}
