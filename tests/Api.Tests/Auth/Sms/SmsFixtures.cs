using System.Security.Cryptography;
using System.Text;
using GeminiClone.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GeminiClone.Api.Tests.Auth.Sms;

/// <summary>
/// The real Api with codes out of responses and Twilio's settings pointing at a <see cref="TwilioStandIn"/>; its
/// logs are collected so tests can read what was written. Subclasses change the limits under test.
/// </summary>
public class TwilioSmsFixture : IAsyncLifetime
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "tests-only-twilio-auth-token";
    public const string FromNumber = "+15005550006";
    /// <summary>The public address Twilio calls back, as behind a proxy: not the address the test server listens on.</summary>
    public const string CallbackUrl = "https://sms.example.test/webhook/twilio?source=otp";

    public TwilioStandIn Twilio { get; private set; } = null!;

    public ApiFactory Api { get; private set; } = null!;

    public ApiClient Client { get; private set; } = null!;

    public FakeLogCollector Logs => Api.Services.GetFakeLogCollector();

    public IGrainFactory Grains => Api.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Added after the shared settings, so they win.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async Task InitializeAsync()
    {
        Twilio = await TwilioStandIn.StartAsync(AccountSid, AuthToken);
        Api = new ApiFactory(
        [
            new("OTP_IN_RESPONSE", "false"),
            new("TWILIO_ACCOUNT_SID", AccountSid),
            new("TWILIO_AUTH_TOKEN", AuthToken),
            new("TWILIO_FROM", FromNumber),
            new("TWILIO_API_BASE", Twilio.Url),
            new("TWILIO_STATUS_CALLBACK_URL", CallbackUrl),
            new("Twilio:RetryDelay", "00:00:00.200"),
            // Several codes to one number within seconds; the resend cooldown has tests of its own.
            new("Otp:ResendCooldown", "00:00:00"),
            new("WEBOTP_DOMAIN", "example.com"),
            new("SMS_ALLOWED_COUNTRIES", "IN"),
            // Every test's requests come from 127.0.0.1; the per-address limit has a fixture of its own.
            new("Sms:MaxPerIpPerHour", "1000"),
            .. Settings,
        ], services => services.AddLogging(logging => logging.AddFakeLogging()));
        await Api.InitializeAsync();
        Client = Api.CreateApiClient();
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Twilio.DisposeAsync();
    }

    /// <summary>Twilio's signature: HMAC-SHA1 with the auth token over the URL and every field, sorted, name then value.</summary>
    public static string Sign(string url, IReadOnlyDictionary<string, string> fields)
    {
        var data = url + string.Concat(fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + f.Value));
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(AuthToken), Encoding.UTF8.GetBytes(data)));
    }
}

public sealed class MessagingServiceSmsFixture : TwilioSmsFixture
{
    public const string MessagingServiceSid = "MG0123456789abcdef0123456789abcdef";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("TWILIO_FROM", ""), new("TWILIO_MESSAGING_SERVICE_SID", MessagingServiceSid)];
}

public sealed class PerIpLimitSmsFixture : TwilioSmsFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Sms:MaxPerIpPerHour", "2")];
}

public sealed class DailyBudgetSmsFixture : TwilioSmsFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("SMS_DAILY_BUDGET", "2")];
}
