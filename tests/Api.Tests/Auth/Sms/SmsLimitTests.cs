using System.Globalization;
using System.Net;
using GeminiClone.Api.Auth.Sms;
using GeminiClone.Grains.Interfaces.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.Diagnostics.Metrics;

namespace GeminiClone.Api.Tests.Auth.Sms;

public sealed class SmsMessagingServiceTests(MessagingServiceSmsFixture sms) : IClassFixture<MessagingServiceSmsFixture>
{
    [Fact]
    public async Task With_a_messaging_service_twilio_is_asked_to_pick_the_sender()
    {
        var user = await sms.Client.SignUpAsync();

        await (await sms.Client.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber })).ReadJsonAsync(HttpStatusCode.OK);

        var message = Assert.Single(sms.Twilio.MessagesTo("+91" + user.MobileNumber));
        Assert.Equal(MessagingServiceSmsFixture.MessagingServiceSid, message.Form["MessagingServiceSid"]);
        Assert.False(message.Form.ContainsKey("From"));
        var record = await sms.Grains.GetGrain<ISmsMessageGrain>(message.Sid!).GetDeliveryAsync();
        Assert.Equal(SmsDeliveryStatus.Accepted, record?.Status);
    }
}

public sealed class SmsPerIpLimitTests(PerIpLimitSmsFixture sms) : IClassFixture<PerIpLimitSmsFixture>
{
    [Fact]
    public async Task The_third_code_from_one_address_within_an_hour_is_429_and_counted()
    {
        using var refused = new MetricCollector<long>(
            sms.Api.Services.GetRequiredService<IMeterFactory>(), SmsMetrics.MeterName, "geminiclone.sms.refused");
        var users = new[] { await sms.Client.SignUpAsync(), await sms.Client.SignUpAsync(), await sms.Client.SignUpAsync() };

        foreach (var user in users[..2])
        {
            await (await sms.Client.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber })).ReadJsonAsync(HttpStatusCode.OK);
        }

        var third = await sms.Client.PostJsonAsync("/auth/send-otp", new { mobileNumber = users[2].MobileNumber });
        var problem = await third.ReadJsonAsync(HttpStatusCode.TooManyRequests);

        Assert.Contains("your network", problem["detail"]!.GetValue<string>());
        Assert.InRange(int.Parse(third.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 3500, 3600);
        Assert.Empty(sms.Twilio.TriesTo("+91" + users[2].MobileNumber));
        var measurement = Assert.Single(refused.GetMeasurementSnapshot());
        Assert.Equal("ip", measurement.Tags["reason"]);
    }
}

public sealed class SmsDailyBudgetTests(DailyBudgetSmsFixture sms) : IClassFixture<DailyBudgetSmsFixture>
{
    [Fact]
    public async Task Once_the_days_budget_is_spent_codes_are_refused_until_utc_midnight()
    {
        var users = new[] { await sms.Client.SignUpAsync(), await sms.Client.SignUpAsync(), await sms.Client.SignUpAsync() };

        foreach (var user in users[..2])
        {
            await (await sms.Client.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber })).ReadJsonAsync(HttpStatusCode.OK);
        }

        var third = await sms.Client.PostJsonAsync("/auth/send-otp", new { mobileNumber = users[2].MobileNumber });
        var problem = await third.ReadJsonAsync(HttpStatusCode.TooManyRequests);

        var now = DateTimeOffset.UtcNow;
        var untilMidnight = (int)Math.Ceiling((now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime).TotalSeconds);
        Assert.Contains("today", problem["detail"]!.GetValue<string>());
        Assert.InRange(int.Parse(third.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, untilMidnight + 1);
        Assert.Empty(sms.Twilio.TriesTo("+91" + users[2].MobileNumber));
        var today = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(2, await sms.Grains.GetGrain<ISmsDailyBudgetGrain>(today).GetSpentAsync());
    }
}

public sealed class SmsSettingsTests
{
    [Theory]
    [InlineData("TWILIO_AUTH_TOKEN", "", "TWILIO_AUTH_TOKEN")]
    [InlineData("TWILIO_FROM", "", "TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID")]
    [InlineData("SMS_ALLOWED_COUNTRIES", "IN,XX", "'XX'")]
    [InlineData("WEBOTP_DOMAIN", "https://example.com/", "WEBOTP_DOMAIN")]
    public async Task Incomplete_or_wrong_sms_settings_stop_start_up_with_a_clear_message(string name, string value, string expected)
    {
        await using var factory = new Infrastructure.ApiFactory(
        [
            new("TWILIO_ACCOUNT_SID", TwilioSmsFixture.AccountSid),
            new("TWILIO_AUTH_TOKEN", TwilioSmsFixture.AuthToken),
            new("TWILIO_FROM", TwilioSmsFixture.FromNumber),
            new(name, value),
        ]);

        var error = Assert.ThrowsAny<Microsoft.Extensions.Options.OptionsValidationException>(factory.StartServer);

        Assert.Contains(expected, error.Message);
    }
}
