using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Interfaces.Sms;

/// <summary>
/// Where a message stands in Twilio's life cycle, in the order it can only move: a callback that arrives late
/// (Twilio does not promise order) never takes a message back. The three outcomes are final.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Sms.SmsDeliveryStatus")]
public enum SmsDeliveryStatus
{
    Unknown = 0,
    Accepted = 1,
    Queued = 2,
    Sending = 3,
    Sent = 4,
    Delivered = 5,
    Undelivered = 6,
    Failed = 7,
}

/// <summary>What we record when Twilio accepts a message: whom it was for (masked) and why; never the text.</summary>
[GenerateSerializer, Alias("GeminiClone.Sms.SmsMessageSent")]
public sealed record SmsMessageSent(string MaskedNumber, OtpPurpose Purpose, SmsDeliveryStatus Status, DateTimeOffset SentAt);

/// <summary>One verified status callback from Twilio.</summary>
[GenerateSerializer, Alias("GeminiClone.Sms.SmsStatusReport")]
public sealed record SmsStatusReport(SmsDeliveryStatus Status, int? ErrorCode, DateTimeOffset ReceivedAt);

/// <summary>What is known about one message; <see cref="MaskedNumber"/> is null when the callback came before our own record.</summary>
[GenerateSerializer, Alias("GeminiClone.Sms.SmsDelivery")]
public sealed record SmsDelivery(
    string MessageSid,
    string? MaskedNumber,
    OtpPurpose? Purpose,
    SmsDeliveryStatus Status,
    int? ErrorCode,
    DateTimeOffset? SentAt,
    DateTimeOffset? UpdatedAt);

/// <summary>The answer of a sliding-window or daily counter: a slot taken, or how long until one frees up.</summary>
[GenerateSerializer, Alias("GeminiClone.Sms.SmsAllowance")]
public sealed record SmsAllowance(bool Granted, TimeSpan RetryAfter)
{
    public static SmsAllowance Grant { get; } = new(true, TimeSpan.Zero);
}
