using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Auth;

/// <summary>
/// Safe by default: codes go into responses only in Development or when <c>OTP_IN_RESPONSE=true</c> is set on
/// purpose, and outside Development a gateway that would neither return codes nor send them by SMS refuses to
/// start, since nobody could sign in and a log is no place for codes.
/// </summary>
internal sealed class OtpDeliverySetup(IHostEnvironment environment, IServiceProvider services)
    : IPostConfigureOptions<OtpDeliveryOptions>, IValidateOptions<OtpDeliveryOptions>
{
    public const string NoSenderMessage =
        "No SMS sender is configured and OTP_IN_RESPONSE is not true, so nobody could sign in. " +
        "Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID) to send codes by SMS, " +
        "or OTP_IN_RESPONSE=true to return them in responses (tests and load tests only: anyone who knows a number signs in as its owner).";

    public void PostConfigure(string? name, OtpDeliveryOptions options) =>
        options.ReturnInResponse ??= environment.IsDevelopment();

    public ValidateOptionsResult Validate(string? name, OtpDeliveryOptions options) =>
        options.CodesInResponses || environment.IsDevelopment() || services.GetRequiredService<IOtpSender>().DeliversToPhone
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(NoSenderMessage);
}
