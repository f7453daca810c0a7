using System.Diagnostics.Metrics;

namespace GeminiClone.Api.Auth.Sms;

/// <summary>What the SMS defences refuse and what becomes of the messages sent: the signals of a pumping attack.</summary>
public sealed class SmsMetrics
{
    public const string MeterName = "GeminiClone.Sms";

    private readonly Counter<long> _refused;
    private readonly Counter<long> _messages;

    public SmsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _refused = meter.CreateCounter<long>("geminiclone.sms.refused", "{message}",
            "OTP messages refused before sending, by reason: country, number, ip, daily");
        _messages = meter.CreateCounter<long>("geminiclone.sms.messages", "{message}",
            "OTP messages handed to the SMS provider, by outcome: accepted, undeliverable, refused, gave_up, queue_full");
    }

    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Outcome(string outcome) => _messages.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
