using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Api.Tests.Infrastructure;

/// <summary>
/// A loopback stand-in for Stripe's API: it records what <c>POST /v1/checkout/sessions</c> carries (form fields,
/// idempotency key, credentials) and answers with a Checkout Session in Stripe's JSON shape; it cancels
/// subscriptions (<c>DELETE /v1/subscriptions/:id</c>), failing the first <see cref="CancellationFailures"/> tries.
/// </summary>
public sealed class StripeStandIn(WebApplication app, string url) : LoopbackServer(app, url)
{
    public ConcurrentQueue<RecordedCheckout> Checkouts { get; } = new();

    /// <summary>When set, Checkout answers with this status and Stripe's error body.</summary>
    public int? FailWith { get; set; }

    /// <summary>Every cancellation asked for: the subscription id and its idempotency key.</summary>
    public ConcurrentQueue<(string SubscriptionId, string IdempotencyKey)> Cancellations { get; } = new();

    private int _cancellationFailures;

    /// <summary>How many cancellations still answer 503 (an outage at Stripe) before they succeed.</summary>
    public int CancellationFailures { get => _cancellationFailures; set => _cancellationFailures = value; }

    public static async Task<StripeStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        StripeStandIn? standIn = null;
        app.MapPost("/v1/checkout/sessions", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            standIn!.Checkouts.Enqueue(new RecordedCheckout(
                form.ToDictionary(f => f.Key, f => f.Value.ToString()),
                request.Headers["Idempotency-Key"].ToString(),
                request.Headers.Authorization.ToString()));
            if (standIn.FailWith is { } status)
            {
                return Results.Json(new { error = new { type = "api_error", message = "Stand-in failure." } }, statusCode: status);
            }

            var id = $"cs_test_{Guid.NewGuid():N}";
            return Results.Json(new Dictionary<string, object?>
            {
                ["id"] = id,
                ["object"] = "checkout.session",
                ["mode"] = "subscription",
                ["status"] = "open",
                ["url"] = $"https://checkout.stripe.com/c/pay/{id}",
                ["client_reference_id"] = form["client_reference_id"].ToString(),
            });
        });
        app.MapDelete("/v1/subscriptions/{id}", (string id, HttpRequest request) =>
        {
            standIn!.Cancellations.Enqueue((id, request.Headers["Idempotency-Key"].ToString()));
            if (Interlocked.Decrement(ref standIn._cancellationFailures) >= 0)
            {
                return Results.Json(new { error = new { type = "api_error", message = "Stand-in outage." } }, statusCode: 503);
            }

            return Results.Json(new Dictionary<string, object?> { ["id"] = id, ["object"] = "subscription", ["status"] = "canceled" });
        });
        standIn = new StripeStandIn(app, await StartAsync(app));
        return standIn;
    }
}

public sealed record RecordedCheckout(IReadOnlyDictionary<string, string> Form, string IdempotencyKey, string Authorization);
