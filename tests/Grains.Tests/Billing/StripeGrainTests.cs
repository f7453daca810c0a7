using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Tests.Users;

namespace GeminiClone.Grains.Tests.Billing;

/// <summary>The webhook grains on their own: exactly-once per event id, ordering by creation time, late invoices.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StripeGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_completed_checkout_makes_the_user_pro_once_however_often_it_is_delivered()
    {
        var user = await fixture.NewUserAsync();
        var checkout = Event("checkout.session.completed", T0, user.GetPrimaryKeyString(), Ids.Customer(), Ids.Subscription());

        var deliveries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Deliver(checkout)));

        Assert.Equal(1, deliveries.Count(o => o == StripeEventOutcome.Applied));
        Assert.Equal(4, deliveries.Count(o => o == StripeEventOutcome.Duplicate));
        Assert.Equal(UserTier.Pro, (await user.GetProfileAsync())!.Tier);
    }

    [Fact]
    public async Task An_older_event_never_overrides_a_newer_one()
    {
        var user = await fixture.NewUserAsync();
        var (customer, subscription) = (Ids.Customer(), Ids.Subscription());
        var userId = user.GetPrimaryKeyString();

        await Deliver(Event("customer.subscription.deleted", T0.AddMinutes(5), userId, customer, subscription, "canceled"));
        var late = await Deliver(Event("customer.subscription.updated", T0, userId, customer, subscription, "active"));

        Assert.Equal(StripeEventOutcome.Stale, late);
        Assert.Equal(UserTier.Basic, (await user.GetProfileAsync())!.Tier);
    }

    [Fact]
    public async Task An_invoice_before_its_subscription_is_left_for_redelivery_and_applied_then()
    {
        var user = await fixture.NewUserAsync();
        var (customer, subscription) = (Ids.Customer(), Ids.Subscription());
        var invoice = Event("invoice.payment_failed", T0.AddMinutes(1), null, customer, subscription) with { Payment = PaymentOutcome.Failed };

        var early = await Deliver(invoice);
        await Deliver(Event("customer.subscription.created", T0, user.GetPrimaryKeyString(), customer, subscription, "active"));
        var redelivered = await Deliver(invoice);

        Assert.Equal(StripeEventOutcome.Unresolved, early);
        Assert.Equal(StripeEventOutcome.Applied, redelivered);
        Assert.Equal(PaymentOutcome.Failed, (await fixture.Grains.GetGrain<IBillingAccountGrain>(user.GetPrimaryKeyString()).GetSubscriptionStatusAsync()).LastPayment);
    }

    [Fact]
    public async Task Events_we_do_not_handle_are_acknowledged_and_change_nothing()
    {
        var user = await fixture.NewUserAsync();
        var unknown = Event("customer.created", T0, user.GetPrimaryKeyString(), Ids.Customer(), null);

        Assert.Equal(StripeEventKind.NotHandled, unknown.Kind);
        Assert.Equal(StripeEventOutcome.Ignored, await Deliver(unknown));
        Assert.Equal(StripeEventOutcome.Duplicate, await Deliver(unknown));
        Assert.Equal(UserTier.Basic, (await user.GetProfileAsync())!.Tier);
    }

    private Task<StripeEventOutcome> Deliver(StripeEventData stripeEvent) =>
        fixture.Grains.GetGrain<IStripeGrain>(stripeEvent.EventId).ApplyStripeEventAsync(stripeEvent);

    private static StripeEventData Event(
        string type, DateTimeOffset created, string? userId, string? customerId, string? subscriptionId, string? status = null) =>
        new($"evt_{Guid.NewGuid():N}", type, created, userId, customerId, subscriptionId, status, created.AddMonths(1), false, null);

    private static class Ids
    {
        public static string Customer() => $"cus_{Guid.NewGuid():N}";

        public static string Subscription() => $"sub_{Guid.NewGuid():N}";
    }
}
