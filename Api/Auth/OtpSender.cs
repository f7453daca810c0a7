using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Auth;

/// <summary>
/// Delivers OTPs when responses must not carry them (<c>OTP_IN_RESPONSE=false</c>): by SMS through Twilio in
/// production, to the log (number masked, no code) where no SMS sender is configured outside production.
/// </summary>
public interface IOtpSender
{
    /// <summary>True for a sender that really reaches the phone; a Production start needs one (or an explicit OTP_IN_RESPONSE).</summary>
    bool DeliversToPhone { get; }

    /// <summary>
    /// Hands the code over for delivery. It returns once the message is accepted (retries of transient failures go
    /// on in the background) or refused for good, so the client learns that its number cannot receive SMS.
    /// </summary>
    Task<OtpSendOutcome> SendAsync(OtpMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Takes about as long as <see cref="SendAsync"/> lately took, and sends nothing: a number without an account is
    /// answered after it, so the time of the answer does not tell who has one.
    /// </summary>
    Task ImitateSendAsync(CancellationToken cancellationToken);
}

/// <param name="MobileNumber">E.164.</param>
public sealed record OtpMessage(string MobileNumber, string Code, OtpPurpose Purpose, DateTimeOffset ExpiresAt);

public enum OtpSendStatus
{
    /// <summary>Accepted for delivery (or delivered).</summary>
    Accepted = 0,
    /// <summary>The number cannot receive the message (not a mobile, unreachable, blocked): a 422 for the client.</summary>
    Undeliverable = 1,
    /// <summary>The provider refuses for now and the retries ran out, or the send queue is full: a 503 with Retry-After.</summary>
    Unavailable = 2,
}

public sealed record OtpSendOutcome(OtpSendStatus Status, string? Detail = null, TimeSpan? RetryAfter = null)
{
    public static OtpSendOutcome Accepted { get; } = new(OtpSendStatus.Accepted);
}
