using Stripe;

namespace GeminiClone.Grains.Adapters.Stripe;

/// <summary>Stripe.net clients on our named <see cref="HttpClient"/> and configured API base.</summary>
internal static class StripeClients
{
    public const string HttpClientName = "stripe";

    public static StripeClient Create(IHttpClientFactory httpClients, StripeOptions stripe) => new(new StripeClientOptions
    {
        ApiKey = stripe.SecretKey,
        ApiBase = stripe.ApiBase,
        HttpClient = new SystemNetHttpClient(httpClients.CreateClient(HttpClientName), maxNetworkRetries: 2, appInfo: null, enableTelemetry: false),
    });
}
