using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Auth;

/// <summary>
/// The sender when no SMS provider is configured. In Development it writes the code to the log, so a newcomer can
/// sign in with OTP_IN_RESPONSE=false; anywhere else it writes only that a code was issued, to a masked number:
/// a log is read by more people than the phone's owner.
/// </summary>
internal sealed partial class LoggingOtpSender(ILogger<LoggingOtpSender> logger, IHostEnvironment environment) : IOtpSender
{
    public bool DeliversToPhone => false;

    public Task<OtpSendOutcome> SendAsync(OtpMessage message, CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment())
        {
            LogCode(message.MobileNumber, message.Purpose, message.Code);
        }
        else
        {
            LogIssued(MaskedNumbers.Mask(message.MobileNumber), message.Purpose);
        }

        return Task.FromResult(OtpSendOutcome.Accepted);
    }

    /// <summary>Writing a log line takes no time worth imitating.</summary>
    public Task ImitateSendAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "OTP for {MobileNumber} ({Purpose}): {Code} (Development only: no SMS sender is configured)")]
    private partial void LogCode(string mobileNumber, OtpPurpose purpose, string code);

    [LoggerMessage(LogLevel.Warning, "An OTP ({Purpose}) for {MobileNumber} was not sent: no SMS sender is configured")]
    private partial void LogIssued(string mobileNumber, OtpPurpose purpose);
}
