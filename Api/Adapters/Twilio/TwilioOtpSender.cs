using System.Threading.Channels;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Auth.Sms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Adapters.Twilio;

/// <summary>A message on its way, and where the first try's verdict goes for the request that is waiting.</summary>
internal sealed record SmsJob(OtpMessage Message, string Body)
{
    public TaskCompletionSource<OtpSendOutcome> FirstVerdict { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// The bounded line between requests and <see cref="TwilioSmsWorker"/>. Bounded, so an outage at Twilio (or a
/// flood) turns into quick 503s with Retry-After instead of memory growing and codes arriving after they expired.
/// </summary>
internal sealed class TwilioSendQueue(IOptions<TwilioOptions> options)
{
    private readonly Channel<SmsJob> _jobs = Channel.CreateBounded<SmsJob>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public bool TryEnqueue(SmsJob job) => _jobs.Writer.TryWrite(job);

    public ChannelReader<SmsJob> Reader => _jobs.Reader;
}

/// <summary>
/// Sends OTPs by SMS through Twilio. The request waits only for the first try's verdict (a few seconds at most):
/// accepted, or a number that cannot receive (422), or a configuration Twilio refuses (503). A transient failure
/// answers "sent" while the worker keeps trying, as the user would otherwise be asked to retry what we retry anyway.
/// </summary>
internal sealed partial class TwilioOtpSender(
    TwilioSendQueue queue, IOptions<TwilioOptions> twilio, IOptions<SmsOptions> sms, SmsMetrics metrics, TimeProvider clock,
    ILogger<TwilioOtpSender> logger) : IOtpSender
{
    private static readonly TimeSpan QueueFullRetryAfter = TimeSpan.FromSeconds(30);

    private readonly SendDurations _durations = new();

    public bool DeliversToPhone => true;

    public Task ImitateSendAsync(CancellationToken cancellationToken) =>
        Task.Delay(_durations.NextImitation(), clock, cancellationToken);

    public async Task<OtpSendOutcome> SendAsync(OtpMessage message, CancellationToken cancellationToken)
    {
        var job = new SmsJob(message, OtpSmsText.Compose(sms.Value, message, clock.GetUtcNow()));
        if (!queue.TryEnqueue(job))
        {
            metrics.Outcome("queue_full");
            LogQueueFull(MaskedNumbers.Mask(message.MobileNumber), message.Purpose);
            return new OtpSendOutcome(OtpSendStatus.Unavailable, "Too many messages are waiting to be sent; try again shortly.", QueueFullRetryAfter);
        }

        var started = clock.GetTimestamp();
        try
        {
            return await job.FirstVerdict.Task.WaitAsync(twilio.Value.FirstAttemptWait, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Still queued or still talking to Twilio: it goes out when it goes out, and the worker logs how it ended.
            return OtpSendOutcome.Accepted;
        }
        finally
        {
            _durations.Record(clock.GetElapsedTime(started));
        }
    }

    [LoggerMessage(LogLevel.Warning, "The SMS queue is full; an OTP ({Purpose}) for {MobileNumber} was refused with 503")]
    private partial void LogQueueFull(string mobileNumber, Grains.Interfaces.Users.OtpPurpose purpose);
}
