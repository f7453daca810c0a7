namespace GeminiClone.Api.Auth.Sms;

/// <summary>Admits every message: for deployments whose OTPs never go by SMS.</summary>
internal sealed class AllowAllSmsGuard : ISmsGuard
{
    public ValueTask<SmsAdmission> AdmitAsync(string mobileNumber, string? clientIp, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SmsAdmission.Admitted);
}
