using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Grains.Billing;
using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Stripe;

namespace GeminiClone.Api.Endpoints;

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
            .WithName("SubscribePro").WithSummary("Open a Stripe Checkout session for the Pro plan");
        app.MapPost("/webhook/stripe", ReceiveWebhookAsync).WithTags("Subscription")
            .WithName("StripeWebhook").WithSummary("Stripe's webhook: verified by signature, applied once per event id");
        return app;
    }

    public static async Task<Ok<SubscriptionStatusResponse>> GetStatusAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var status = await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId()).GetSubscriptionStatusAsync();
        return TypedResults.Ok(new SubscriptionStatusResponse(
            true, "Current subscription plan fetched", status.Tier, SubscriptionData.From(status)));
    }

    public static async Task<Results<Ok<ApiResponse<string>>, ProblemHttpResult>> StartCheckoutAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId()).StartProCheckoutAsync();
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
        HttpContext httpContext, IGrainFactory grains, IOptions<StripeOptions> stripeOptions, ILoggerFactory loggers)
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
        Event stripeEvent;
        try
        {
            // Stripe sends events in the account's API version, which need not be the library's.
            stripeEvent = EventUtility.ConstructEvent(payload, signature, secret, SignatureToleranceSeconds, throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            LogRejected(loggers.CreateLogger(typeof(BillingEndpoints)), e.Message);
            return ApiProblems.BadRequest("The Stripe signature is invalid or too old.");
        }

        if (StripeEvents.ToEventData(stripeEvent) is not { } data)
        {
            return TypedResults.Ok(new WebhookReceipt(true, null));
        }

        var outcome = await grains.GetGrain<IStripeGrain>(stripeEvent.Id).ApplyStripeEventAsync(data);
        return TypedResults.Ok(new WebhookReceipt(true, outcome == StripeEventOutcome.Duplicate ? true : null));
    }

    [LoggerMessage(LogLevel.Warning, "Rejected a Stripe webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}

/// <param name="Duplicate">Present (true) when this event id was applied before.</param>
public sealed record WebhookReceipt(
    bool Received,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    bool? Duplicate);

/// <summary>The original put <c>tier</c> at the top level of this one response.</summary>
public sealed record SubscriptionStatusResponse(bool Success, string Message, UserTier Tier, SubscriptionData Data);

/// <param name="Status">Stripe's subscription status (<c>active</c>, <c>past_due</c>, <c>canceled</c>, ...), or null without one.</param>
/// <param name="LastPayment"><c>Paid</c> or <c>Failed</c>: the latest invoice's outcome.</param>
public sealed record SubscriptionData(
    UserTier Tier,
    string? Status,
    DateTime? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    PaymentOutcome? LastPayment,
    DateTime? LastPaymentAt,
    QuotaData Usage)
{
    public static SubscriptionData From(SubscriptionStatus status) => new(
        status.Tier,
        status.Subscription?.Status,
        status.Subscription?.CurrentPeriodEnd?.UtcDateTime,
        status.Subscription?.CancelAtPeriodEnd ?? false,
        status.LastPayment,
        status.LastPaymentAt?.UtcDateTime,
        QuotaData.From(status.Quota));
}
