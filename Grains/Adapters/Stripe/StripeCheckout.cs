using GeminiClone.Grains.Billing;
using GeminiClone.Grains.Interfaces.Billing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace GeminiClone.Grains.Adapters.Stripe;

/// <summary>Opens Stripe Checkout sessions for the Pro plan with Stripe.net, against a configurable API base.</summary>
public sealed partial class StripeCheckout(IHttpClientFactory httpClients, IOptions<StripeOptions> options, ILogger<StripeCheckout> logger)
    : IStripeCheckout
{
    public const string HttpClientName = StripeClients.HttpClientName;

    /// <summary>₹499 in paise, monthly: what the original charged.</summary>
    public const long InlineProPriceMinorUnits = 49_900;

    public async Task<CheckoutResult> CreateProSessionAsync(string userId, string? customerId, CancellationToken cancellationToken = default)
    {
        var stripe = options.Value;
        if (!stripe.IsConfigured)
        {
            return new CheckoutResult(CheckoutStatus.NotConfigured, null);
        }

        var client = StripeClients.Create(httpClients, stripe);
        var metadata = new Dictionary<string, string> { ["userId"] = userId };
        var session = new SessionCreateOptions
        {
            Mode = "subscription",
            ClientReferenceId = userId,
            Customer = customerId,
            Metadata = metadata,
            // Copied onto the subscription, so its later events name the user even before we know the customer.
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = metadata },
            SuccessUrl = stripe.SuccessUrl,
            CancelUrl = stripe.CancelUrl,
            LineItems = [ProLineItem(stripe.ProPriceId)],
        };

        try
        {
            // One key per attempt: Stripe.net's own network retries of this request reuse it, so a retry after a
            // lost response cannot open a second session; a new click is a new attempt.
            var created = await new SessionService(client).CreateAsync(
                session, new RequestOptions { IdempotencyKey = $"checkout-{userId}-{Guid.NewGuid():N}" }, cancellationToken);
            return new CheckoutResult(CheckoutStatus.Created, created.Url);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException)
        {
            LogCheckoutFailed(e, userId);
            return new CheckoutResult(CheckoutStatus.Unavailable, null);
        }
    }

    private static SessionLineItemOptions ProLineItem(string? priceId) => priceId is { Length: > 0 }
        ? new SessionLineItemOptions { Price = priceId, Quantity = 1 }
        : new SessionLineItemOptions
        {
            Quantity = 1,
            PriceData = new SessionLineItemPriceDataOptions
            {
                Currency = "inr",
                UnitAmount = InlineProPriceMinorUnits,
                Recurring = new SessionLineItemPriceDataRecurringOptions { Interval = "month" },
                ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "GeminiClone Pro" },
            },
        };

    [LoggerMessage(LogLevel.Warning, "Stripe Checkout failed for user {UserId}")]
    private partial void LogCheckoutFailed(Exception exception, string userId);
}
