namespace GeminiClone.Api.Auth;

/// <summary>How OTPs reach the user (<c>OTP_IN_RESPONSE</c>).</summary>
public sealed class OtpDeliveryOptions
{
    public const string Section = "Otp";

    /// <summary>True (the default, as the original mocked SMS): the code is in the response. False: it goes to the SMS sender.</summary>
    public bool ReturnInResponse { get; set; } = true;
}
