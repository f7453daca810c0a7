using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GeminiClone.Api.Tests.Infrastructure;

/// <summary>The Api with Stripe (a stand-in) and Gemini (the emulator) configured.</summary>
public class BillingFixture : IAsyncLifetime
{
    public const string WebhookSecret = "whsec_test_0123456789abcdef";

    public StripeStandIn Stripe { get; private set; } = null!;

    public GeminiEmulatorServer Gemini { get; private set; } = null!;

    public ApiFactory Factory { get; private set; } = null!;

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async Task InitializeAsync()
    {
        Stripe = await StripeStandIn.StartAsync();
        Gemini = await GeminiEmulatorServer.StartAsync();
        Factory = new ApiFactory(
        [
            new("STRIPE_SECRET_KEY", "sk_test_standin"),
            new("STRIPE_WEBHOOK_SECRET", WebhookSecret),
            new("STRIPE_API_BASE", Stripe.Url),
            new("GEMINI_API_KEY", "emulator-key"),
            new("GEMINI_BASE_URL", Gemini.Url),
            .. Settings,
        ]);
        await Factory.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Gemini.DisposeAsync();
        await Stripe.DisposeAsync();
    }

    public ApiClient CreateApiClient() => Factory.CreateApiClient();
}

public sealed class PricedBillingFixture : BillingFixture
{
    public const string PriceId = "price_pro_monthly";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("STRIPE_PRO_PRICE_ID", PriceId)];
}

[CollectionDefinition(Name)]
public sealed class BillingCollection : ICollectionFixture<BillingFixture>
{
    public const string Name = "billing";
}

/// <summary>Stripe events as Stripe sends them: JSON in its shapes, signed the way Stripe signs.</summary>
public static class StripeWebhooks
{
    private static long _sequence;

    public static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    public static string Event(string type, object dataObject, long? created = null, string? id = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id ?? NewId("evt"),
            ["object"] = "event",
            ["api_version"] = "2025-09-30.clover",
            // Distinct, increasing creation times unless a test wants them otherwise.
            ["created"] = created ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds() + Interlocked.Increment(ref _sequence),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new Dictionary<string, object?> { ["object"] = dataObject },
        });

    public static object CheckoutSession(string userId, string customerId, string subscriptionId) => new Dictionary<string, object?>
    {
        ["id"] = NewId("cs_test"),
        ["object"] = "checkout.session",
        ["mode"] = "subscription",
        ["status"] = "complete",
        ["payment_status"] = "paid",
        ["client_reference_id"] = userId,
        ["customer"] = customerId,
        ["subscription"] = subscriptionId,
        ["metadata"] = new Dictionary<string, string> { ["userId"] = userId },
    };

    public static object Subscription(string subscriptionId, string customerId, string status, string? userId = null, bool cancelAtPeriodEnd = false, long? periodEnd = null) =>
        new Dictionary<string, object?>
        {
            ["id"] = subscriptionId,
            ["object"] = "subscription",
            ["customer"] = customerId,
            ["status"] = status,
            ["cancel_at_period_end"] = cancelAtPeriodEnd,
            ["metadata"] = userId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["userId"] = userId },
            ["items"] = new Dictionary<string, object?>
            {
                ["object"] = "list",
                ["data"] = new[]
                {
                    new Dictionary<string, object?>
                    {
                        ["id"] = NewId("si"),
                        ["object"] = "subscription_item",
                        ["current_period_end"] = periodEnd ?? DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds(),
                    },
                },
            },
        };

    public static object Invoice(string customerId, string subscriptionId, string status) => new Dictionary<string, object?>
    {
        ["id"] = NewId("in"),
        ["object"] = "invoice",
        ["customer"] = customerId,
        ["status"] = status,
        ["parent"] = new Dictionary<string, object?>
        {
            ["type"] = "subscription_details",
            ["subscription_details"] = new Dictionary<string, object?> { ["subscription"] = subscriptionId },
        },
    };

    /// <summary><c>t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;payload&gt;" keyed by the secret&gt;</c>.</summary>
    public static string Sign(string payload, string secret = BillingFixture.WebhookSecret, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    public static async Task<HttpResponseMessage> DeliverAsync(this ApiClient api, string payload, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? Sign(payload));
        return await api.Http.SendAsync(request);
    }

    public static async Task DeliverOkAsync(this ApiClient api, string payload) =>
        await (await api.DeliverAsync(payload)).ReadJsonAsync(HttpStatusCode.OK);
}
