using GeminiClone.Grains.Interfaces.Sms;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace GeminiClone.Api.Adapters.Twilio;

/// <summary>One try at handing a message to Twilio's Messages API, and what its answer means for us.</summary>
internal sealed class TwilioMessages(IHttpClientFactory httpClients, IOptions<TwilioOptions> options)
{
    public const string HttpClientName = "twilio";

    /// <summary>
    /// Twilio's errors that mean this number cannot get our SMS (invalid, not a mobile, a region not enabled, opted
    /// out with STOP, unreachable): the user must hear it, and trying again will not help.
    /// </summary>
    private static readonly Dictionary<int, string> NumberRefusals = new()
    {
        [21211] = NotAMobile,
        [21217] = NotAMobile,
        [21401] = NotAMobile,
        [21421] = NotAMobile,
        [21614] = NotAMobile,
        [21407] = "We cannot send SMS to this kind of number; use a mobile number.",
        [21408] = "We cannot send SMS to numbers of this region.",
        [21610] = "This number has opted out of our messages (it replied STOP); reply START to us, then ask again.",
        [21612] = "This number cannot be reached by SMS right now; check it, or use another.",
    };

    private const string NotAMobile = "This number cannot receive SMS; check that it is a mobile number, or use another.";

    public async Task<TwilioAttempt> SendAsync(string to, string body)
    {
        var settings = options.Value;
        var http = new TwilioHttpClient(httpClients.CreateClient(HttpClientName), settings.ApiBase);
        var client = new TwilioRestClient(settings.AccountSid, settings.AuthToken, httpClient: http);
        var create = new CreateMessageOptions(new PhoneNumber(to)) { Body = body, StatusCallback = settings.StatusCallbackUrl };
        if (!string.IsNullOrWhiteSpace(settings.MessagingServiceSid))
        {
            create.MessagingServiceSid = settings.MessagingServiceSid;
        }

        if (!string.IsNullOrWhiteSpace(settings.From))
        {
            create.From = new PhoneNumber(settings.From);
        }

        try
        {
            var message = await MessageResource.CreateAsync(create, client);
            return new TwilioAttempt(TwilioAttemptKind.Accepted, (int?)http.LastResponse?.StatusCode, null, message.Sid, ToStatus(message.Status?.ToString()));
        }
        catch (ApiException e)
        {
            return Classify(e.Status, e.Code, http.LastResponse);
        }
        catch (ApiStandardException e)
        {
            return Classify(e.Status, e.Code, http.LastResponse);
        }
        catch (ApiConnectionException)
        {
            // Not reached, timed out or the connection broke: the message may or may not have gone; Twilio has
            // no idempotency key for Messages, so a retry risks a duplicate, which beats a code that never comes.
            return new TwilioAttempt(TwilioAttemptKind.Transient, null, null);
        }
    }

    public static string? RefusalDetail(int? code) => code is { } c && NumberRefusals.TryGetValue(c, out var detail) ? detail : null;

    /// <summary>Twilio's <c>status</c> words (in responses and callbacks) as our ordered status; unknown words are Unknown.</summary>
    public static SmsDeliveryStatus ToStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "accepted" or "scheduled" => SmsDeliveryStatus.Accepted,
        "queued" => SmsDeliveryStatus.Queued,
        "sending" => SmsDeliveryStatus.Sending,
        "sent" => SmsDeliveryStatus.Sent,
        "delivered" or "read" => SmsDeliveryStatus.Delivered,
        "undelivered" => SmsDeliveryStatus.Undelivered,
        "failed" or "canceled" => SmsDeliveryStatus.Failed,
        _ => SmsDeliveryStatus.Unknown,
    };

    private static TwilioAttempt Classify(int status, int code, global::Twilio.Http.Response? response)
    {
        // Twilio answers an unparseable body with ApiException("Api Error: ...") and status 0: the response tells.
        var httpStatus = status > 0 ? status : (int?)response?.StatusCode ?? 0;
        var errorCode = code > 0 ? code : (int?)null;
        if (httpStatus is 429 or >= 500 || errorCode == 20429)
        {
            return new TwilioAttempt(TwilioAttemptKind.Transient, httpStatus, errorCode, RetryAfter: RetryAfterOf(response));
        }

        return new TwilioAttempt(
            RefusalDetail(errorCode) is null ? TwilioAttemptKind.Refused : TwilioAttemptKind.NumberRefused, httpStatus, errorCode);
    }

    private static TimeSpan? RetryAfterOf(global::Twilio.Http.Response? response) => response?.Headers?.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}

internal enum TwilioAttemptKind
{
    Accepted,
    /// <summary>A 4xx about the number: tell the user, do not retry.</summary>
    NumberRefused,
    /// <summary>Any other 4xx (credentials, sender, message): our configuration is wrong; retrying will not help.</summary>
    Refused,
    /// <summary>5xx, 429 or no answer: try again later.</summary>
    Transient,
}

internal sealed record TwilioAttempt(
    TwilioAttemptKind Kind, int? HttpStatus, int? ErrorCode, string? Sid = null,
    SmsDeliveryStatus Status = SmsDeliveryStatus.Unknown, TimeSpan? RetryAfter = null);
