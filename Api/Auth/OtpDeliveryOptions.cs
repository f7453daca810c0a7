namespace GeminiClone.Api.Auth;

/// <summary>How OTPs reach the user (<c>OTP_IN_RESPONSE</c>).</summary>
public sealed class OtpDeliveryOptions
{
    public const string Section = "Otp";

    /// <summary>
    /// True: the code is in the response (<c>data.otp</c>), as the original mocked SMS; for tests and load tests only,
    /// since anyone who knows a number then signs in as its owner. False: it goes to the SMS sender. Unset: true in
    /// Development, false anywhere else (<see cref="OtpDeliverySetup"/> decides).
    /// </summary>
    public bool? ReturnInResponse { get; set; }

    /// <summary>Whether codes go into responses, once configuration and the environment have decided.</summary>
    public bool CodesInResponses => ReturnInResponse == true;
}
