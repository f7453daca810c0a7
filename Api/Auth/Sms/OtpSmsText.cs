using System.Globalization;

namespace GeminiClone.Api.Auth.Sms;

/// <summary>The words of an OTP message.</summary>
public static class OtpSmsText
{
    public static string Compose(SmsOptions options, OtpMessage message, DateTimeOffset now)
    {
        // Rounded up: "expires in 4 minutes" for a code with 4:10 left would make users hurry for nothing, but
        // one with 0:20 left must not read "0 minutes".
        var minutes = Math.Max(1, (int)Math.Ceiling((message.ExpiresAt - now).TotalMinutes));
        var text = options.MessageTemplate
            .Replace("{code}", message.Code, StringComparison.Ordinal)
            .Replace("{app}", options.AppName, StringComparison.Ordinal)
            .Replace("{minutes}", minutes.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // WebOTP and the SMS Retriever read only a last line of exactly this form, and bind the code to that origin.
        return options.WebOtpDomain is { Length: > 0 } domain ? $"{text}\n\n@{domain} #{message.Code}" : text;
    }
}
