namespace GeminiClone.Grains.Interfaces.Sms;

/// <summary>
/// One SMS, keyed by Twilio's message SID: whom it was for and how far it got. Twilio may call back before our own
/// record of the send lands, more than once, and out of order; one grain per SID takes those calls one at a time.
/// </summary>
[Alias("GeminiClone.Sms.ISmsMessageGrain")]
public interface ISmsMessageGrain : IGrainWithStringKey
{
    [Alias("RecordSent")]
    Task RecordSentAsync(SmsMessageSent sent);

    /// <summary>Applies a status callback; true when it moved the message forward, false for a stale or repeated one.</summary>
    [Alias("ApplyStatus")]
    Task<bool> ApplyStatusReportAsync(SmsStatusReport report);

    /// <summary>Null for a SID we never sent and never heard about.</summary>
    [Alias("GetDelivery")]
    Task<SmsDelivery?> GetDeliveryAsync();
}
