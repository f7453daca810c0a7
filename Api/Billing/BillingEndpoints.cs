using GeminiClone.Api.Auth;
using GeminiClone.Api.Hosting;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Billing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Stripe;

namespace GeminiClone.Api.Billing;

public static partial class BillingEndpoints
{
    /// <summary>Stripe's events can outgrow our 64 KiB JSON limit (an invoice with many lines).</summary>
    private const long MaxWebhookBytes = 512 * 1024;

    /// <summary>Stripe's own default: a signature older than this is a replay.</summary>
    private const long SignatureToleranceSeconds = 300;

    public static IEndpointRouteBuilder MapBillingApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/subscription/status", GetStatusAsync).WithTags("Subscription").RequireAuthorization()
            .WithName("GetSubscriptionStatus").WithSummary("The caller's tier, subscription and today's message usage");
        app.MapPost("/subscribe/pro", StartCheckoutAsync).WithTags("Subscription").RequireAuthorization()
            .WithName("SubscribePro").WithSummary("Open a Stripe Checkout session for the Pro plan")
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/webhook/stripe", ReceiveWebhookAsync).WithTags("Subscription").WithCallerAddress()
            .WithName("StripeWebhook").WithSummary("Stripe's webhook: verified by signature, applied once per event id")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    public static async Task<Ok<SubscriptionStatusResponse>> GetStatusAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var status = await grains.GetGrain<IBillingAccountGrain>(httpContext.User.GetUserId()).GetSubscriptionStatusAsync();
        return TypedResults.Ok(new SubscriptionStatusResponse(
            true, "Current subscription plan fetched", status.Tier, SubscriptionData.From(status)));
    }

    public static async Task<Results<Ok<ApiResponse<string>>, ProblemHttpResult>> StartCheckoutAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IBillingAccountGrain>(httpContext.User.GetUserId()).StartProCheckoutAsync();
        return result switch
        {
            { Status: CheckoutStatus.Created, Url: { } url } => TypedResults.Ok(ApiResponse.Ok("Checkout session created", url)),
            { Status: CheckoutStatus.AlreadyPro } => ApiProblems.Conflict("You are already on the Pro plan."),
            { Status: CheckoutStatus.NotConfigured } =>
                ApiProblems.Status(StatusCodes.Status503ServiceUnavailable, "Payments are not configured."),
            _ => ApiProblems.Status(StatusCodes.Status503ServiceUnavailable, "Payments are temporarily unavailable; try again shortly."),
        };
    }

    /// <summary>
    /// Reads the raw body (the signature covers its exact bytes), verifies it, and answers 200 for every verified
    /// event, handled or not, so Stripe stops redelivering. Events we act on go to the grain keyed by their id.
    /// </summary>
    public static async Task<Results<Ok<WebhookReceipt>, ProblemHttpResult>> ReceiveWebhookAsync(
        HttpContext httpContext, IGrainFactory grains, IOptions<StripeWebhookOptions> stripeOptions, ILoggerFactory loggers)
    {
        if (stripeOptions.Value.WebhookSecret is not { Length: > 0 } secret)
        {
            return ApiProblems.Status(StatusCodes.Status503ServiceUnavailable, "Stripe webhooks are not configured.");
        }

        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxWebhookBytes;
        }

        var signature = httpContext.Request.Headers["Stripe-Signature"].ToString();
        if (signature.Length == 0)
        {
            return ApiProblems.BadRequest("The Stripe-Signature header is missing.");
        }

        using var reader = new StreamReader(httpContext.Request.Body);
        var payload = await reader.ReadToEndAsync(httpContext.RequestAborted);
        var logger = loggers.CreateLogger(typeof(BillingEndpoints));
        try
        {
            EventUtility.ValidateSignature(payload, signature, secret, SignatureToleranceSeconds);
        }
        catch (StripeException e)
        {
            LogRejected(logger, e.Message);
            return ApiProblems.BadRequest("The Stripe signature is invalid or too old.");
        }

        // Signed by Stripe yet unusable (not an event, wrong types, absurd nesting): a 400 Stripe shows its owner,
        // never a 500 it would retry for days.
        if (ReadEvent(payload, out var eventId) is not var (stripeEvent, rawObject))
        {
            LogUnusable(logger, eventId);
            return ApiProblems.BadRequest("The body is signed but is not a Stripe event this endpoint can read.");
        }

        if (StripeEvents.ToEventData(stripeEvent, rawObject) is not { } data)
        {
            return TypedResults.Ok(new WebhookReceipt(true, null));
        }

        var outcome = await grains.GetGrain<IStripeGrain>(stripeEvent.Id).ApplyStripeEventAsync(data);
        if (outcome == StripeEventOutcome.Unresolved)
        {
            LogUnresolved(logger, stripeEvent.Id, stripeEvent.Type);
            return ApiProblems.Conflict("The event's subscription is not known yet; it is applied when Stripe delivers it again.");
        }

        return TypedResults.Ok(new WebhookReceipt(true, outcome == StripeEventOutcome.Duplicate ? true : null));
    }

    /// <summary>
    /// Stripe.net's event and the raw <c>data.object</c>, or null when the payload is not a usable event;
    /// <paramref name="eventId"/> is whatever id it carries, for the log.
    /// </summary>
    private static (Event Event, JsonElement RawObject)? ReadEvent(string payload, out string? eventId)
    {
        eventId = null;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                eventId = id.GetString();
            }

            if (root.ValueKind != JsonValueKind.Object || string.IsNullOrWhiteSpace(eventId)
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("data", out var data) || !data.TryGetProperty("object", out var rawObject)
                || rawObject.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // Stripe sends events in the account's API version, which need not be the library's.
            var stripeEvent = EventUtility.ParseEvent(payload, throwOnApiVersionMismatch: false);
            return (stripeEvent, rawObject.Clone());
        }
        catch (Exception e) when (e is JsonException or Newtonsoft.Json.JsonException or StripeException or InvalidCastException
                                      or FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Rejected a signed Stripe webhook that is not a usable event (event id {EventId})")]
    private static partial void LogUnusable(ILogger logger, string? eventId);

    [LoggerMessage(LogLevel.Information, "Stripe event {EventId} ({Type}) names a subscription not known yet; answered 409 so Stripe redelivers it")]
    private static partial void LogUnresolved(ILogger logger, string eventId, string type);

    [LoggerMessage(LogLevel.Warning, "Rejected a Stripe webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
