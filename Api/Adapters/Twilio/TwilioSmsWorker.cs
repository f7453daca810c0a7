using GeminiClone.Api.Auth;
using GeminiClone.Api.Auth.Sms;
using GeminiClone.Grains.Interfaces.Sms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Adapters.Twilio;

/// <summary>
/// Drains <see cref="TwilioSendQueue"/>, a few messages at a time. A message Twilio cannot take now (5xx, 429, no
/// answer) is tried again after Twilio's Retry-After or a doubling delay, until its tries or its code run out; while
/// it waits it holds one of the send slots, so a Twilio outage slows the line down and fills the queue, which
/// answers new requests 503 rather than piling up codes that would expire before they leave.
/// Messages still queued when the process stops are lost; their users ask again after the resend cooldown.
/// </summary>
internal sealed partial class TwilioSmsWorker(
    TwilioSendQueue queue, TwilioMessages twilio, IGrainFactory grains, SmsMetrics metrics, IOptions<TwilioOptions> options,
    TimeProvider clock, ILogger<TwilioSmsWorker> logger) : BackgroundService
{
    private const string ConfigurationRefused = "SMS cannot be sent right now; try again later.";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            queue.Reader.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentSends, CancellationToken = stoppingToken },
            async (job, cancellationToken) =>
            {
                try
                {
                    await DeliverAsync(job, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    job.FirstVerdict.TrySetResult(OtpSendOutcome.Accepted);
                }
                catch (Exception e)
                {
                    // One message's surprise must not stop the line for every other.
                    LogUnexpected(e, MaskedNumbers.Mask(job.Message.MobileNumber));
                    job.FirstVerdict.TrySetResult(new OtpSendOutcome(OtpSendStatus.Unavailable, ConfigurationRefused, TimeSpan.FromSeconds(30)));
                }
            });

    private async Task DeliverAsync(SmsJob job, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var message = job.Message;
        var masked = MaskedNumbers.Mask(message.MobileNumber);
        for (var attempt = 1; ; attempt++)
        {
            var result = await twilio.SendAsync(message.MobileNumber, job.Body);
            switch (result.Kind)
            {
                case TwilioAttemptKind.Accepted:
                    await RecordAsync(result.Sid!, masked, message.Purpose, result.Status);
                    metrics.Outcome("accepted");
                    LogAccepted(result.Sid!, masked, message.Purpose, attempt);
                    job.FirstVerdict.TrySetResult(OtpSendOutcome.Accepted);
                    return;
                case TwilioAttemptKind.NumberRefused:
                    metrics.Outcome("undeliverable");
                    LogUndeliverable(masked, message.Purpose, result.ErrorCode);
                    job.FirstVerdict.TrySetResult(new OtpSendOutcome(OtpSendStatus.Undeliverable, TwilioMessages.RefusalDetail(result.ErrorCode)));
                    return;
                case TwilioAttemptKind.Refused:
                    metrics.Outcome("refused");
                    LogRefused(masked, message.Purpose, result.HttpStatus, result.ErrorCode);
                    job.FirstVerdict.TrySetResult(new OtpSendOutcome(OtpSendStatus.Unavailable, ConfigurationRefused, TimeSpan.FromMinutes(1)));
                    return;
            }

            // Transient: the waiting request hears "sent", the retries go on here.
            job.FirstVerdict.TrySetResult(OtpSendOutcome.Accepted);
            var delay = Min(result.RetryAfter ?? settings.RetryDelay * Math.Pow(2, attempt - 1), settings.MaxRetryDelay);
            if (attempt >= settings.MaxAttempts || clock.GetUtcNow() + delay >= message.ExpiresAt)
            {
                metrics.Outcome("gave_up");
                LogGaveUp(masked, message.Purpose, attempt, result.HttpStatus, result.ErrorCode);
                return;
            }

            LogRetrying(masked, message.Purpose, attempt, result.HttpStatus, result.ErrorCode, delay);
            await Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, clock, cancellationToken);
        }
    }

    /// <summary>Whom the SID was for, so a failed delivery reported later can be traced; a failure here must not resend.</summary>
    private async Task RecordAsync(string sid, string masked, OtpPurpose purpose, SmsDeliveryStatus status)
    {
        try
        {
            await grains.GetGrain<ISmsMessageGrain>(sid).RecordSentAsync(new SmsMessageSent(masked, purpose, status, clock.GetUtcNow()));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotRecorded(e, sid);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(LogLevel.Information, "SMS {MessageSid} accepted by Twilio for {MobileNumber} ({Purpose}, try {Attempt})")]
    private partial void LogAccepted(string messageSid, string mobileNumber, OtpPurpose purpose, int attempt);

    [LoggerMessage(LogLevel.Warning, "Twilio refused an OTP ({Purpose}) for {MobileNumber}: the number cannot receive SMS (Twilio error {ErrorCode})")]
    private partial void LogUndeliverable(string mobileNumber, OtpPurpose purpose, int? errorCode);

    [LoggerMessage(LogLevel.Error, "Twilio refused an OTP ({Purpose}) for {MobileNumber} with HTTP {HttpStatus}, Twilio error {ErrorCode}: check TWILIO_* settings")]
    private partial void LogRefused(string mobileNumber, OtpPurpose purpose, int? httpStatus, int? errorCode);

    [LoggerMessage(LogLevel.Warning, "Twilio could not take an OTP ({Purpose}) for {MobileNumber} on try {Attempt} (HTTP {HttpStatus}, Twilio error {ErrorCode}); trying again in {Delay}")]
    private partial void LogRetrying(string mobileNumber, OtpPurpose purpose, int attempt, int? httpStatus, int? errorCode, TimeSpan delay);

    [LoggerMessage(LogLevel.Error, "Gave up on an OTP ({Purpose}) for {MobileNumber} after {Attempts} tries (last: HTTP {HttpStatus}, Twilio error {ErrorCode})")]
    private partial void LogGaveUp(string mobileNumber, OtpPurpose purpose, int attempts, int? httpStatus, int? errorCode);

    [LoggerMessage(LogLevel.Error, "Sending an OTP to {MobileNumber} failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, string mobileNumber);

    [LoggerMessage(LogLevel.Warning, "SMS {MessageSid} was sent but could not be recorded")]
    private partial void LogNotRecorded(Exception exception, string messageSid);
}
