using System.Collections.Concurrent;
using System.Net;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Auth;

public sealed class SmsApiFactory : ApiFactory
{
    public SmsApiFactory()
        : this(new RecordingOtpSender())
    {
    }

    private SmsApiFactory(RecordingOtpSender sender)
        : base([new("OTP_IN_RESPONSE", "false")], services => services.AddSingleton<IOtpSender>(sender)) =>
        Sender = sender;

    public RecordingOtpSender Sender { get; }
}

public sealed class RecordingOtpSender : IOtpSender
{
    public ConcurrentDictionary<string, (string Code, OtpPurpose Purpose)> Sent { get; } = new();

    public bool DeliversToPhone => true;

    public Task<OtpSendOutcome> SendAsync(OtpMessage message, CancellationToken cancellationToken)
    {
        Sent[message.MobileNumber] = (message.Code, message.Purpose);
        return Task.FromResult(OtpSendOutcome.Accepted);
    }

    public Task ImitateSendAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class OtpDeliveryTests(SmsApiFactory factory) : IClassFixture<SmsApiFactory>
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Fact]
    public async Task With_otp_in_response_off_the_code_goes_to_the_sender_and_not_the_response()
    {
        var user = await _api.SignUpAsync();

        var response = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber });
        var raw = await response.Content.ReadAsStringAsync();
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);

        var (code, purpose) = factory.Sender.Sent["+91" + user.MobileNumber];
        Assert.Null(body["data"]!["otp"]);
        Assert.NotNull(body["data"]!["expiresAt"]);
        Assert.DoesNotContain(code, raw);
        Assert.Equal(OtpPurpose.Login, purpose);
        var verified = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = code });
        await verified.ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reset_code_is_sent_for_the_reset_purpose()
    {
        var user = await _api.SignUpAsync();

        await (await _api.PostJsonAsync("/auth/forgot-password", new { mobileNumber = user.MobileNumber })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(OtpPurpose.PasswordReset, factory.Sender.Sent["+91" + user.MobileNumber].Purpose);
    }
}
