using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using static GeminiClone.Api.Tests.Infrastructure.StripeWebhooks;

namespace GeminiClone.Api.Tests.Billing;

[Collection(BillingCollection.Name)]
public sealed class WebhookTests(BillingFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_verified_checkout_completion_makes_the_user_pro_and_answers_received()
    {
        var (user, token) = await _api.NewSessionAsync();
        var payload = Event("checkout.session.completed", CheckoutSession(user.Id, NewId("cus"), NewId("sub")));

        var body = await (await _api.DeliverAsync(payload)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.True(body["received"]!.GetValue<bool>());
        Assert.Equal("Pro", await TierAsync(token));
        var status = await StatusAsync(token);
        Assert.Equal("active", status["data"]!["status"]!.GetValue<string>());
        Assert.Null(status["data"]!["usage"]!["limit"]);
    }

    [Fact]
    public async Task Bad_signatures_are_400_and_change_nothing()
    {
        var (user, token) = await _api.NewSessionAsync();
        var payload = Event("checkout.session.completed", CheckoutSession(user.Id, NewId("cus"), NewId("sub")));

        var wrongSecret = await _api.DeliverAsync(payload, Sign(payload, "whsec_someone_else"));
        var tampered = await _api.DeliverAsync(payload.Replace("\"complete\"", "\"completed\""), Sign(payload));
        var stale = await _api.DeliverAsync(payload, Sign(payload, at: DateTimeOffset.UtcNow.AddMinutes(-10)));
        var missing = await _api.DeliverAsync(payload, signature: "");

        foreach (var response in new[] { wrongSecret, tampered, stale, missing })
        {
            await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        }

        Assert.Equal("Basic", await TierAsync(token));
    }

    [Fact]
    public async Task The_same_event_replayed_twenty_times_at_once_is_applied_once()
    {
        var (user, token) = await _api.NewSessionAsync();
        var payload = Event("checkout.session.completed", CheckoutSession(user.Id, NewId("cus"), NewId("sub")));

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _api.DeliverAsync(payload)));
        var bodies = await Task.WhenAll(responses.Select(r => r.ReadJsonAsync(HttpStatusCode.OK)));

        Assert.All(bodies, b => Assert.True(b["received"]!.GetValue<bool>()));
        Assert.Single(bodies, b => b["duplicate"] is null);
        Assert.Equal(19, bodies.Count(b => b["duplicate"]?.GetValue<bool>() == true));
        Assert.Equal("Pro", await TierAsync(token));
    }

    [Fact]
    public async Task A_deletion_delivered_before_the_completion_does_not_leave_the_user_pro()
    {
        var (user, token) = await _api.NewSessionAsync();
        var customer = NewId("cus");
        var subscription = NewId("sub");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var completed = Event("checkout.session.completed", CheckoutSession(user.Id, customer, subscription), created: now);
        var deleted = Event("customer.subscription.deleted", Subscription(subscription, customer, "canceled", user.Id), created: now + 60);

        await _api.DeliverOkAsync(deleted);
        await _api.DeliverOkAsync(completed);

        Assert.Equal("Basic", await TierAsync(token));
        Assert.Equal("canceled", (await StatusAsync(token))["data"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_older_update_never_overrides_a_newer_one()
    {
        var (user, token) = await _api.NewSessionAsync();
        var customer = NewId("cus");
        var subscription = NewId("sub");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await _api.DeliverOkAsync(Event("checkout.session.completed", CheckoutSession(user.Id, customer, subscription), created: now));

        await _api.DeliverOkAsync(Event("customer.subscription.updated", Subscription(subscription, customer, "unpaid", user.Id), created: now + 120));
        await _api.DeliverOkAsync(Event("customer.subscription.updated", Subscription(subscription, customer, "active", user.Id), created: now + 60));

        Assert.Equal("Basic", await TierAsync(token));
        Assert.Equal("unpaid", (await StatusAsync(token))["data"]!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("customer.created")]
    [InlineData("payment_intent.succeeded")]
    [InlineData("product.updated")]
    public async Task Events_we_do_not_handle_still_get_200(string type)
    {
        var payload = Event(type, new Dictionary<string, object?> { ["id"] = NewId("obj"), ["object"] = type.Split('.')[0] });

        var body = await (await _api.DeliverAsync(payload)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.True(body["received"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_failed_payment_shows_in_status_keeps_pro_while_past_due_and_recovery_clears_it()
    {
        var (user, token) = await _api.NewSessionAsync();
        var customer = NewId("cus");
        var subscription = NewId("sub");
        await _api.DeliverOkAsync(Event("checkout.session.completed", CheckoutSession(user.Id, customer, subscription)));

        // The customer alone names the user here: Stripe's invoices need not carry our metadata.
        await _api.DeliverOkAsync(Event("invoice.payment_failed", Invoice(customer, subscription, "open")));
        await _api.DeliverOkAsync(Event("customer.subscription.updated", Subscription(subscription, customer, "past_due")));
        var failing = await StatusAsync(token);
        await _api.DeliverOkAsync(Event("invoice.paid", Invoice(customer, subscription, "paid")));
        await _api.DeliverOkAsync(Event("customer.subscription.updated", Subscription(subscription, customer, "active")));
        var recovered = await StatusAsync(token);

        Assert.Equal("Pro", failing["tier"]!.GetValue<string>());
        Assert.Equal("past_due", failing["data"]!["status"]!.GetValue<string>());
        Assert.Equal("Failed", failing["data"]!["lastPayment"]!.GetValue<string>());
        Assert.Equal("Pro", recovered["tier"]!.GetValue<string>());
        Assert.Equal("active", recovered["data"]!["status"]!.GetValue<string>());
        Assert.Equal("Paid", recovered["data"]!["lastPayment"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("canceled")]
    [InlineData("unpaid")]
    [InlineData("incomplete_expired")]
    public async Task A_subscription_that_stops_paying_returns_the_user_to_basic(string status)
    {
        var (user, token) = await _api.NewSessionAsync();
        var customer = NewId("cus");
        var subscription = NewId("sub");
        await _api.DeliverOkAsync(Event("checkout.session.completed", CheckoutSession(user.Id, customer, subscription)));

        await _api.DeliverOkAsync(Event("customer.subscription.updated", Subscription(subscription, customer, status)));

        Assert.Equal("Basic", await TierAsync(token));
    }

    [Fact]
    public async Task Cancelling_at_period_end_keeps_pro_and_says_when_it_ends()
    {
        var (user, token) = await _api.NewSessionAsync();
        var customer = NewId("cus");
        var subscription = NewId("sub");
        var periodEnd = DateTimeOffset.UtcNow.AddDays(12).ToUnixTimeSeconds();
        await _api.DeliverOkAsync(Event("checkout.session.completed", CheckoutSession(user.Id, customer, subscription)));

        await _api.DeliverOkAsync(Event("customer.subscription.updated",
            Subscription(subscription, customer, "active", cancelAtPeriodEnd: true, periodEnd: periodEnd)));

        var status = await StatusAsync(token);
        Assert.Equal("Pro", status["tier"]!.GetValue<string>());
        Assert.True(status["data"]!["cancelAtPeriodEnd"]!.GetValue<bool>());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(periodEnd), DateTimeOffset.Parse(status["data"]!["currentPeriodEnd"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Upgrading_mid_day_lifts_the_quota_at_once()
    {
        var (user, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        for (var i = 0; i < 5; i++)
        {
            await _api.ChatAsync(token, room, $"basic {i}");
        }

        await (await _api.SendMessageAsync(token, room, "over the limit")).ReadProblemAsync(HttpStatusCode.TooManyRequests);
        await _api.DeliverOkAsync(Event("checkout.session.completed", CheckoutSession(user.Id, NewId("cus"), NewId("sub"))));
        var reply = await _api.SendMessageAsync(token, room, "now as pro");

        await reply.ReadJsonAsync(HttpStatusCode.OK);
        Assert.False(reply.Headers.Contains("RateLimit-Limit"));
        Assert.Equal(6, (await StatusAsync(token))["data"]!["usage"]!["used"]!.GetValue<int>());
    }

    private async Task<System.Text.Json.Nodes.JsonNode> StatusAsync(string token) =>
        await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK);

    private async Task<string> TierAsync(string token) => (await StatusAsync(token))["tier"]!.GetValue<string>();
}
