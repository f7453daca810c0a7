namespace GeminiClone.Api.Auth.Sms;

/// <summary>
/// The toll-fraud (SMS pumping) defences asked before an OTP message is sent: destination countries, messages per
/// number, per client address and per day. It is asked alike for registered and unregistered numbers, so its
/// answers say nothing about who has an account.
/// </summary>
public interface ISmsGuard
{
    ValueTask<SmsAdmission> AdmitAsync(string mobileNumber, string? clientIp, CancellationToken cancellationToken);
}

public enum SmsAdmissionStatus
{
    Admitted = 0,
    /// <summary>The number's country is not on the allow-list: 422 before anything is sent.</summary>
    CountryNotAllowed = 1,
    /// <summary>A per-number, per-address or daily budget is spent: 429 with Retry-After.</summary>
    Throttled = 2,
}

public sealed record SmsAdmission(SmsAdmissionStatus Status, string? Detail = null, TimeSpan? RetryAfter = null)
{
    public static SmsAdmission Admitted { get; } = new(SmsAdmissionStatus.Admitted);
}
