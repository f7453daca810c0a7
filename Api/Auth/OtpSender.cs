using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Auth;

/// <summary>Delivers OTPs when responses must not carry them (<c>OTP_IN_RESPONSE=false</c>). Replace with an SMS gateway.</summary>
public interface IOtpSender
{
    Task SendAsync(string mobileNumber, string code, OtpPurpose purpose, CancellationToken cancellationToken);
}
