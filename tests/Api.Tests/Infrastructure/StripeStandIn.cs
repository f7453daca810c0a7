using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Api.Tests.Infrastructure;

/// <summary>
/// A loopback stand-in for Stripe's API: it records what <c>POST /v1/checkout/sessions</c> carries (form fields,
/// idempotency key, credentials) and answers with a Checkout Session in Stripe's JSON shape.
/// </summary>
public sealed class StripeStandIn(WebApplication app, string url) : LoopbackServer(app, url)
{
    public ConcurrentQueue<RecordedCheckout> Checkouts { get; } = new();

    /// <summary>When set, Checkout answers with this status and Stripe's error body.</summary>
    public int? FailWith { get; set; }

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
        standIn = new StripeStandIn(app, await StartAsync(app));
        return standIn;
    }
}

public sealed record RecordedCheckout(IReadOnlyDictionary<string, string> Form, string IdempotencyKey, string Authorization);
