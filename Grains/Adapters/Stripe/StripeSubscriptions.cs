using System.Net;
using GeminiClone.Grains.Billing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;

namespace GeminiClone.Grains.Adapters.Stripe;

/// <summary>Ends subscriptions at Stripe, for an account being deleted.</summary>
public sealed partial class StripeSubscriptions(IHttpClientFactory httpClients, IOptions<StripeOptions> options, ILogger<StripeSubscriptions> logger)
    : IStripeSubscriptions
{
    /// <summary>
    /// Cancels the subscription now. True once Stripe has it cancelled (or never had it); false when Stripe could not
    /// be reached or refused, so the caller tries again later. The idempotency key is the same on every try, so a
    /// retry after a lost answer cancels nothing twice.
    /// </summary>
    public async Task<bool> CancelAsync(string subscriptionId, string userId, CancellationToken cancellationToken = default)
    {
        var stripe = options.Value;
        if (!stripe.IsConfigured)
        {
            LogNotConfigured(subscriptionId, userId);
            return false;
        }

        try
        {
            await new SubscriptionService(StripeClients.Create(httpClients, stripe)).CancelAsync(subscriptionId, new SubscriptionCancelOptions(),
                new RequestOptions { IdempotencyKey = $"erase-{userId}-{subscriptionId}" }, cancellationToken);
            return true;
        }
        catch (StripeException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            // Already gone at Stripe (cancelled and purged, or a test-mode object): nothing left to end.
            return true;
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException)
        {
            LogCancelFailed(e, subscriptionId, userId);
            return false;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Stripe could not cancel subscription {SubscriptionId} of deleted user {UserId}; will retry")]
    private partial void LogCancelFailed(Exception exception, string subscriptionId, string userId);

    [LoggerMessage(LogLevel.Error, "Subscription {SubscriptionId} of deleted user {UserId} cannot be cancelled: Stripe is not configured")]
    private partial void LogNotConfigured(string subscriptionId, string userId);
}
