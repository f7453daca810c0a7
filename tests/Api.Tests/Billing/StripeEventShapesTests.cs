using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using static GeminiClone.Api.Tests.Infrastructure.StripeWebhooks;

namespace GeminiClone.Api.Tests.Billing;

/// <summary>
/// Events as accounts pinned to older API versions receive them, and signed bodies that are not events at all.
/// The 2023-10-16 shapes follow Stripe's API reference of that version: an invoice names its subscription under
/// <c>subscription</c> with the metadata in <c>subscription_details</c>; a subscription carries its own period end.
/// </summary>
[Collection(BillingCollection.Name)]
public sealed class StripeEventShapesTests(BillingFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task An_invoice_of_api_version_2023_10_16_delivered_before_its_subscription_events_is_recorded()
    {
        var (user, token) = await _api.NewSessionAsync();
        var (customer, subscription) = (NewId("cus"), NewId("sub"));

        await _api.DeliverOkAsync(OldVersion(Event("invoice.paid", new Dictionary<string, object?>
        {
            ["id"] = NewId("in"), ["object"] = "invoice", ["customer"] = customer, ["status"] = "paid",
            ["subscription"] = subscription,
            ["subscription_details"] = new Dictionary<string, object?> { ["metadata"] = new Dictionary<string, string> { ["userId"] = user.Id } },
        })));

        var status = await StatusAsync(token);
        Assert.Equal("Paid", status["data"]!["lastPayment"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_subscription_of_api_version_2023_10_16_carries_its_period_end_on_itself()
    {
        var (user, token) = await _api.NewSessionAsync();
        var periodEnd = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();
        var subscription = new Dictionary<string, object?>
        {
            ["id"] = NewId("sub"), ["object"] = "subscription", ["customer"] = NewId("cus"), ["status"] = "active",
            ["cancel_at_period_end"] = false, ["current_period_end"] = periodEnd,
            ["metadata"] = new Dictionary<string, string> { ["userId"] = user.Id },
            ["items"] = new Dictionary<string, object?> { ["object"] = "list", ["data"] = Array.Empty<object>() },
        };

        await _api.DeliverOkAsync(OldVersion(Event("customer.subscription.created", subscription)));

        var data = (await StatusAsync(token))["data"]!;
        Assert.Equal("Pro", data["tier"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(periodEnd).UtcDateTime, data["currentPeriodEnd"]!.GetValue<DateTime>().ToUniversalTime());
    }

    [Fact]
    public async Task An_invoice_whose_user_cannot_be_resolved_yet_is_refused_until_its_subscription_is_known()
    {
        var (user, token) = await _api.NewSessionAsync();
        var (customer, subscription) = (NewId("cus"), NewId("sub"));
        var invoice = Event("invoice.paid", Invoice(customer, subscription, "paid"));

        var early = await _api.DeliverAsync(invoice);
        await _api.DeliverOkAsync(Event("checkout.session.completed", CheckoutSession(user.Id, customer, subscription)));
        var redelivered = await _api.DeliverAsync(invoice);

        await early.ReadProblemAsync(HttpStatusCode.Conflict);
        var receipt = await redelivered.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null(receipt["duplicate"]);
        Assert.Equal("Paid", (await StatusAsync(token))["data"]!["lastPayment"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("not json")]
    [InlineData("""{"id":"   ","object":"event","type":"invoice.paid","data":{"object":{}}}""")]
    [InlineData("""{"id":"evt_1","object":"event","type":"customer.subscription.updated","created":1,"data":{"object":{"object":"subscription","id":"sub_1","status":{"nested":true}}}}""")]
    [InlineData("""{"id":"evt_2","object":"event","type":"invoice.paid","created":"yesterday","data":{"object":{"object":"invoice"}}}""")]
    public async Task A_signed_body_that_is_not_a_usable_event_is_a_400(string payload)
    {
        await (await _api.DeliverAsync(payload)).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_signed_body_nested_five_thousand_levels_deep_is_a_400()
    {
        var payload = "{\"id\":\"evt_deep\",\"type\":\"invoice.paid\",\"data\":{\"object\":" + new string('[', 5000) + new string(']', 5000) + "}}";

        await (await _api.DeliverAsync(payload)).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    private static string OldVersion(string payload) => payload.Replace("\"2025-09-30.clover\"", "\"2023-10-16\"");

    private async Task<System.Text.Json.Nodes.JsonNode> StatusAsync(string token) =>
        await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK);
}
