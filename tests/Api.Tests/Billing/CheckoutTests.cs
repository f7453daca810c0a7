using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using static GeminiClone.Api.Tests.Infrastructure.StripeWebhooks;

namespace GeminiClone.Api.Tests.Billing;

[Collection(BillingCollection.Name)]
public sealed class CheckoutTests(BillingFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Checkout_opens_a_subscription_session_at_the_inline_monthly_price_for_the_caller()
    {
        var (user, token) = await _api.NewSessionAsync();

        var body = await (await _api.PostJsonAsync("/subscribe/pro", new { }, token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Checkout session created", body.Message());
        Assert.StartsWith("https://checkout.stripe.com/c/pay/cs_test_", body["data"]!.GetValue<string>());
        var checkout = fixture.Stripe.Checkouts.Single(c => c.Form["client_reference_id"] == user.Id);
        Assert.Equal("subscription", checkout.Form["mode"]);
        Assert.Equal(user.Id, checkout.Form["metadata[userId]"]);
        Assert.Equal(user.Id, checkout.Form["subscription_data[metadata][userId]"]);
        Assert.Equal("inr", checkout.Form["line_items[0][price_data][currency]"]);
        Assert.Equal("49900", checkout.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("month", checkout.Form["line_items[0][price_data][recurring][interval]"]);
        Assert.Equal("1", checkout.Form["line_items[0][quantity]"]);
        Assert.False(checkout.Form.ContainsKey("customer"));
        Assert.Contains("success_url", checkout.Form.Keys);
        Assert.Contains("cancel_url", checkout.Form.Keys);
        Assert.Equal("Bearer sk_test_standin", checkout.Authorization);
        Assert.StartsWith($"checkout-{user.Id}-", checkout.IdempotencyKey);
    }

    [Fact]
    public async Task Each_attempt_has_its_own_idempotency_key()
    {
        var (user, token) = await _api.NewSessionAsync();

        await (await _api.PostJsonAsync("/subscribe/pro", new { }, token)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.PostJsonAsync("/subscribe/pro", new { }, token)).ReadJsonAsync(HttpStatusCode.OK);

        var keys = fixture.Stripe.Checkouts.Where(c => c.Form["client_reference_id"] == user.Id).Select(c => c.IdempotencyKey).ToList();
        Assert.Equal(2, keys.Distinct().Count());
    }

    [Fact]
    public async Task A_pro_user_cannot_check_out_again_and_a_lapsed_one_reuses_their_stripe_customer()
    {
        var (user, token) = await _api.NewSessionAsync();
        var customer = NewId("cus");
        var subscription = NewId("sub");
        await _api.DeliverOkAsync(Event("checkout.session.completed", CheckoutSession(user.Id, customer, subscription)));

        var whilePro = await _api.PostJsonAsync("/subscribe/pro", new { }, token);
        await _api.DeliverOkAsync(Event("customer.subscription.deleted", Subscription(subscription, customer, "canceled", user.Id)));
        var afterLapse = await (await _api.PostJsonAsync("/subscribe/pro", new { }, token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Contains("already", (await whilePro.ReadProblemAsync(HttpStatusCode.Conflict)).Message());
        Assert.NotNull(afterLapse["data"]);
        Assert.Equal(customer, fixture.Stripe.Checkouts.Last(c => c.Form["client_reference_id"] == user.Id).Form["customer"]);
    }

    [Fact]
    public async Task When_stripe_fails_checkout_is_a_503_problem()
    {
        var (_, token) = await _api.NewSessionAsync();
        fixture.Stripe.FailWith = 500;
        try
        {
            var problem = await (await _api.PostJsonAsync("/subscribe/pro", new { }, token)).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);

            Assert.Contains("unavailable", problem.Message());
        }
        finally
        {
            fixture.Stripe.FailWith = null;
        }
    }

    [Fact]
    public async Task Checkout_requires_a_token()
    {
        await (await _api.PostJsonAsync("/subscribe/pro", new { })).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class PricedCheckoutTests(PricedBillingFixture fixture) : IClassFixture<PricedBillingFixture>
{
    [Fact]
    public async Task With_a_configured_price_checkout_uses_it()
    {
        var api = fixture.CreateApiClient();
        var (user, token) = await api.NewSessionAsync();

        await (await api.PostJsonAsync("/subscribe/pro", new { }, token)).ReadJsonAsync(HttpStatusCode.OK);

        var checkout = fixture.Stripe.Checkouts.Single(c => c.Form["client_reference_id"] == user.Id);
        Assert.Equal(PricedBillingFixture.PriceId, checkout.Form["line_items[0][price]"]);
        Assert.DoesNotContain(checkout.Form.Keys, k => k.Contains("price_data"));
    }
}

[Collection(ApiCollection.Name)]
public sealed class StripeNotConfiguredTests(ApiFactory factory)
{
    [Fact]
    public async Task Without_stripe_settings_checkout_and_webhooks_are_503()
    {
        var api = factory.CreateApiClient();
        var (_, token) = await api.NewSessionAsync();

        await (await api.PostJsonAsync("/subscribe/pro", new { }, token)).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        await (await api.DeliverAsync("{}", "t=1,v1=00")).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
    }
}
