using GeminiClone.Api.Problems;
using GeminiClone.Grains.Interfaces.Sms;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace GeminiClone.Api.Adapters.Twilio;

public static partial class TwilioWebhookEndpoints
{
    public static IEndpointRouteBuilder MapTwilioWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhook/twilio", ReceiveStatusCallbackAsync).WithTags("Auth")
            .WithName("TwilioStatusWebhook").WithSummary("Twilio's SMS status callbacks: verified by signature, recorded per message SID")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>
    /// Verifies <c>X-Twilio-Signature</c> over the public callback URL and the posted fields, then moves the message's
    /// status forward. Every verified callback is answered 204, even one we ignore, so Twilio does not retry it.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> ReceiveStatusCallbackAsync(
        HttpContext httpContext, IGrainFactory grains, IOptions<TwilioOptions> twilioOptions, TimeProvider clock, ILoggerFactory loggers)
    {
        var settings = twilioOptions.Value;
        if (!settings.IsConfigured || settings.AuthToken is not { Length: > 0 } authToken || settings.StatusCallbackUrl is not { } callbackUrl)
        {
            return ApiProblems.Status(StatusCodes.Status503ServiceUnavailable, "Twilio status callbacks are not configured.");
        }

        var logger = loggers.CreateLogger(typeof(TwilioWebhookEndpoints));
        var signature = httpContext.Request.Headers["X-Twilio-Signature"].ToString();
        if (!httpContext.Request.HasFormContentType || signature.Length == 0)
        {
            LogRejected(logger, "no signature or not a form");
            return Forbidden();
        }

        var form = await httpContext.Request.ReadFormAsync(httpContext.RequestAborted);
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        // Twilio signs the URL it was given (TWILIO_STATUS_CALLBACK_URL, exactly as we sent it), not the one this
        // process sees behind a proxy.
        if (!new RequestValidator(authToken).Validate(callbackUrl.OriginalString, fields, signature))
        {
            LogRejected(logger, "wrong signature");
            return Forbidden();
        }

        if (!fields.TryGetValue("MessageSid", out var sid) || sid.Length is 0 or > 64)
        {
            return ApiProblems.BadRequest("The callback carries no MessageSid.");
        }

        var status = TwilioMessages.ToStatus(fields.GetValueOrDefault("MessageStatus"));
        if (status == SmsDeliveryStatus.Unknown)
        {
            return TypedResults.NoContent();
        }

        int? errorCode = int.TryParse(fields.GetValueOrDefault("ErrorCode"), out var code) && code > 0 ? code : null;
        var moved = await grains.GetGrain<ISmsMessageGrain>(sid).ApplyStatusReportAsync(new SmsStatusReport(status, errorCode, clock.GetUtcNow()));
        if (moved && status is SmsDeliveryStatus.Undelivered or SmsDeliveryStatus.Failed)
        {
            LogNotDelivered(logger, sid, status, errorCode);
        }

        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Forbidden() =>
        ApiProblems.Status(StatusCodes.Status403Forbidden, "The request is not signed by Twilio for this endpoint.");

    [LoggerMessage(LogLevel.Warning, "Rejected a Twilio status callback: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Warning, "SMS {MessageSid} was not delivered: {Status} (Twilio error {ErrorCode})")]
    private static partial void LogNotDelivered(ILogger logger, string messageSid, SmsDeliveryStatus status, int? errorCode);
}
