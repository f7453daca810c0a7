using System.Net;
using System.Text.RegularExpressions;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Sms;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Tests.Auth.Sms;

public sealed partial class SmsTests(TwilioSmsFixture sms) : IClassFixture<TwilioSmsFixture>
{
    private readonly ApiClient _api = sms.Client;

    [Fact]
    public async Task A_registered_number_gets_its_code_by_sms_with_the_app_name_and_signs_in_with_it()
    {
        var user = await _api.SignUpAsync();

        var response = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber });
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Null(body["data"]!["otp"]);
        var message = Assert.Single(sms.Twilio.MessagesTo("+91" + user.MobileNumber));
        var code = CodeIn(message.Form["Body"]);
        Assert.Contains("GeminiClone", message.Form["Body"]);
        Assert.Equal(TwilioSmsFixture.FromNumber, message.Form["From"]);
        Assert.False(message.Form.ContainsKey("MessagingServiceSid"));
        Assert.Equal(TwilioSmsFixture.CallbackUrl, message.Form["StatusCallback"]);
        var verified = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = code });
        var token = await verified.ReadJsonAsync(HttpStatusCode.OK);
        Assert.NotNull(token["data"]!["token"]);
    }

    [Fact]
    public async Task With_a_webotp_domain_the_last_line_binds_the_code_to_it()
    {
        var user = await _api.SignUpAsync();

        await (await _api.PostJsonAsync("/auth/forgot-password", new { mobileNumber = user.MobileNumber })).ReadJsonAsync(HttpStatusCode.OK);

        var text = Assert.Single(sms.Twilio.MessagesTo("+91" + user.MobileNumber)).Form["Body"];
        var code = CodeIn(text);
        Assert.Equal($"@example.com #{code}", text.Split('\n')[^1]);
        Assert.StartsWith(code + " is your GeminiClone verification code", text);
    }

    [Fact]
    public async Task A_number_twilio_calls_invalid_gets_a_422_problem()
    {
        var user = await _api.SignUpAsync();
        sms.Twilio.Script("+91" + user.MobileNumber, new TwilioAnswer(400, 21211, $"The 'To' number +91{user.MobileNumber} is not a valid phone number."));

        var response = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber });
        var problem = await response.ReadJsonAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("cannot receive SMS", problem["detail"]!.GetValue<string>());
        Assert.Single(sms.Twilio.TriesTo("+91" + user.MobileNumber));
    }

    [Fact]
    public async Task A_twilio_500_is_retried_and_the_code_still_arrives()
    {
        var user = await _api.SignUpAsync();
        var number = "+91" + user.MobileNumber;
        sms.Twilio.Script(number, new TwilioAnswer(500, 20500, "Internal Server Error"));

        var response = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber });
        await response.ReadJsonAsync(HttpStatusCode.OK);

        await Eventually.HoldsAsync(() => sms.Twilio.MessagesTo(number).Count == 1);
        Assert.Equal(2, sms.Twilio.TriesTo(number).Count);
        var code = CodeIn(sms.Twilio.MessagesTo(number)[0].Form["Body"]);
        await (await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = code })).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_twilio_429_is_retried_after_the_time_it_names()
    {
        var user = await _api.SignUpAsync();
        var number = "+91" + user.MobileNumber;
        sms.Twilio.Script(number, new TwilioAnswer(429, 20429, "Too Many Requests", RetryAfterSeconds: 2));

        await (await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber })).ReadJsonAsync(HttpStatusCode.OK);

        await Eventually.HoldsAsync(() => sms.Twilio.MessagesTo(number).Count == 1, TimeSpan.FromSeconds(10));
        var tries = sms.Twilio.TriesTo(number);
        Assert.Equal(2, tries.Count);
        // The retry delay of its own is 200 ms: only Twilio's Retry-After explains a gap of two seconds.
        Assert.True(tries[1].At - tries[0].At >= TimeSpan.FromSeconds(1.9), $"Retried after {tries[1].At - tries[0].At}.");
    }

    [Fact]
    public async Task A_number_outside_the_allowed_countries_gets_a_422_and_no_sms()
    {
        const string britishMobile = "+447400123456";
        await _api.PostJsonAsync("/auth/signup", new { name = "Abroad", mobileNumber = britishMobile, password = ApiClient.Password });

        var response = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = britishMobile });
        var problem = await response.ReadJsonAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("country", problem["detail"]!.GetValue<string>());
        Assert.Empty(sms.Twilio.TriesTo(britishMobile));
    }

    [Fact]
    public async Task The_sixth_code_for_one_number_within_an_hour_is_429_with_retry_after()
    {
        var user = await _api.SignUpAsync();
        var number = "+91" + user.MobileNumber;
        for (var i = 0; i < 5; i++)
        {
            await (await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber })).ReadJsonAsync(HttpStatusCode.OK);
        }

        var sixth = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber });
        var problem = await sixth.ReadJsonAsync(HttpStatusCode.TooManyRequests);

        Assert.Contains("this number", problem["detail"]!.GetValue<string>());
        Assert.InRange(int.Parse(sixth.Headers.GetValues("Retry-After").Single()), 3500, 3600);
        Assert.Equal(5, sms.Twilio.TriesTo(number).Count);
    }

    [Fact]
    public async Task An_unregistered_number_gets_the_same_answer_and_no_sms()
    {
        var registered = await _api.SignUpAsync();
        var stranger = ApiClient.NextMobileNumber();

        var known = await (await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = registered.MobileNumber })).ReadJsonAsync(HttpStatusCode.OK);
        var unknown = await (await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = stranger })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(known["message"]!.GetValue<string>(), unknown["message"]!.GetValue<string>());
        Assert.Null(unknown["data"]!["otp"]);
        Assert.NotNull(unknown["data"]!["expiresAt"]);
        Assert.Single(sms.Twilio.MessagesTo("+91" + registered.MobileNumber));
        // The sender answers only after Twilio's first verdict, so nothing can still be on its way to the stand-in.
        Assert.Empty(sms.Twilio.TriesTo("+91" + stranger));
    }

    [Fact]
    public async Task The_log_shows_the_masked_number_and_never_the_code_or_the_number()
    {
        var user = await _api.SignUpAsync();
        var number = "+91" + user.MobileNumber;

        await (await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber })).ReadJsonAsync(HttpStatusCode.OK);

        var message = Assert.Single(sms.Twilio.MessagesTo(number));
        var code = CodeIn(message.Form["Body"]);
        await Eventually.HoldsAsync(() => sms.Logs.GetSnapshot().Any(r => r.Message.Contains(message.Sid!)));
        var lines = sms.Logs.GetSnapshot().Select(r => r.Message + " " + string.Join(" ", r.StructuredState?.Select(s => s.Value) ?? [])).ToList();
        Assert.Contains(lines, line => line.Contains(message.Sid!) && line.Contains(GeminiClone.Grains.Interfaces.Users.MaskedNumbers.Mask(number)));
        Assert.DoesNotContain(lines, line => line.Contains(code));
        Assert.DoesNotContain(lines, line => line.Contains(user.MobileNumber));
    }

    [Fact]
    public async Task A_signed_status_callback_records_delivery_and_a_late_sent_changes_nothing()
    {
        var user = await _api.SignUpAsync();
        var number = "+91" + user.MobileNumber;
        await (await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber })).ReadJsonAsync(HttpStatusCode.OK);
        var sid = Assert.Single(sms.Twilio.MessagesTo(number)).Sid!;

        var delivered = await PostCallbackAsync(Callback(sid, number, "delivered"));
        var lateSent = await PostCallbackAsync(Callback(sid, number, "sent"));

        Assert.Equal(HttpStatusCode.NoContent, delivered.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, lateSent.StatusCode);
        var record = await sms.Grains.GetGrain<ISmsMessageGrain>(sid).GetDeliveryAsync();
        Assert.NotNull(record);
        Assert.Equal(SmsDeliveryStatus.Delivered, record.Status);
        Assert.Equal(GeminiClone.Grains.Interfaces.Users.MaskedNumbers.Mask(number), record.MaskedNumber);
        Assert.Equal(OtpPurpose.Login, record.Purpose);
    }

    [Fact]
    public async Task A_failed_delivery_is_recorded_with_twilios_error_code()
    {
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var fields = Callback(sid, "+919800000000", "undelivered");
        fields["ErrorCode"] = "30003";

        var response = await PostCallbackAsync(fields);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var record = await sms.Grains.GetGrain<ISmsMessageGrain>(sid).GetDeliveryAsync();
        Assert.Equal(SmsDeliveryStatus.Undelivered, record?.Status);
        Assert.Equal(30003, record?.ErrorCode);
    }

    [Fact]
    public async Task A_callback_with_a_wrong_or_missing_signature_is_403_and_records_nothing()
    {
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var fields = Callback(sid, "+919800000001", "delivered");

        var wrong = await PostCallbackAsync(fields, TwilioSmsFixture.Sign(TwilioSmsFixture.CallbackUrl, Callback(sid, "+919800000001", "failed")));
        var missing = await PostCallbackAsync(fields, signature: "");
        // Signed over the address the server listens on rather than the public one Twilio was given.
        var otherUrl = await PostCallbackAsync(fields, TwilioSmsFixture.Sign(new Uri(_api.Http.BaseAddress!, "/webhook/twilio").AbsoluteUri, fields));

        foreach (var response in new[] { wrong, missing, otherUrl })
        {
            await response.ReadJsonAsync(HttpStatusCode.Forbidden);
        }

        Assert.Null(await sms.Grains.GetGrain<ISmsMessageGrain>(sid).GetDeliveryAsync());
    }

    private static Dictionary<string, string> Callback(string sid, string to, string status) => new(StringComparer.Ordinal)
    {
        ["AccountSid"] = TwilioSmsFixture.AccountSid,
        ["ApiVersion"] = "2010-04-01",
        ["From"] = TwilioSmsFixture.FromNumber,
        ["MessageSid"] = sid,
        ["MessageStatus"] = status,
        ["SmsSid"] = sid,
        ["SmsStatus"] = status,
        ["To"] = to,
    };

    private async Task<HttpResponseMessage> PostCallbackAsync(Dictionary<string, string> fields, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/twilio") { Content = new FormUrlEncodedContent(fields) };
        signature ??= TwilioSmsFixture.Sign(TwilioSmsFixture.CallbackUrl, fields);
        if (signature.Length > 0)
        {
            request.Headers.Add("X-Twilio-Signature", signature);
        }

        return await _api.Http.SendAsync(request);
    }

    private static string CodeIn(string text) => LeadingCode().Match(text) is { Success: true } match
        ? match.Value
        : throw new Xunit.Sdk.XunitException($"No code in the message: {text}");

    [GeneratedRegex(@"^\d{4,8}")]
    private static partial Regex LeadingCode();
}
