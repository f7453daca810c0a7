using GeminiClone.Grains.Interfaces.Sms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Sms;

[GenerateSerializer, Alias("GeminiClone.Sms.SmsMessageState")]
public sealed class SmsMessageState
{
    [Id(0)] public string? MaskedNumber { get; set; }
    [Id(1)] public OtpPurpose? Purpose { get; set; }
    [Id(2)] public SmsDeliveryStatus Status { get; set; }
    [Id(3)] public int? ErrorCode { get; set; }
    [Id(4)] public DateTimeOffset? SentAt { get; set; }
    [Id(5)] public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>
/// The record of one SMS by Twilio's SID. Our own record of the send and Twilio's callbacks race (a callback can
/// beat the gateway's write), so each only fills what it knows and the status only moves forward.
/// </summary>
public sealed class SmsMessageGrain(
    [PersistentState("smsMessage", StorageNames.Sms)] IPersistentState<SmsMessageState> message)
    : Grain, ISmsMessageGrain
{
    public async Task RecordSentAsync(SmsMessageSent sent)
    {
        var state = message.State;
        state.MaskedNumber = sent.MaskedNumber;
        state.Purpose = sent.Purpose;
        state.SentAt = sent.SentAt;
        if (SmsStatusOrder.IsAfter(sent.Status, state.Status))
        {
            state.Status = sent.Status;
            state.UpdatedAt = sent.SentAt;
        }

        await message.WriteStateAsync();
    }

    public async Task<bool> ApplyStatusReportAsync(SmsStatusReport report)
    {
        var state = message.State;
        if (!SmsStatusOrder.IsAfter(report.Status, state.Status))
        {
            return false;
        }

        state.Status = report.Status;
        state.ErrorCode = report.ErrorCode;
        state.UpdatedAt = report.ReceivedAt;
        await message.WriteStateAsync();
        return true;
    }

    public Task<SmsDelivery?> GetDeliveryAsync()
    {
        var state = message.State;
        return Task.FromResult(message.RecordExists
            ? new SmsDelivery(this.GetPrimaryKeyString(), state.MaskedNumber, state.Purpose, state.Status, state.ErrorCode, state.SentAt, state.UpdatedAt)
            : null);
    }
}

/// <summary>Twilio's outbound life cycle as a rank: queued → sending → sent → one of the final three.</summary>
public static class SmsStatusOrder
{
    private static int Rank(SmsDeliveryStatus status) => status switch
    {
        SmsDeliveryStatus.Unknown => 0,
        SmsDeliveryStatus.Accepted or SmsDeliveryStatus.Queued => 1,
        SmsDeliveryStatus.Sending => 2,
        SmsDeliveryStatus.Sent => 3,
        // Final: a "delivered" after "undelivered" is not a correction Twilio makes, so the first final one stays.
        _ => 4,
    };

    public static bool IsAfter(SmsDeliveryStatus candidate, SmsDeliveryStatus current) => Rank(candidate) > Rank(current);
}
