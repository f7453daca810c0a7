using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Telemetry;

namespace GeminiClone.Grains.Billing;

[GenerateSerializer, Alias("GeminiClone.Billing.StripeEventState")]
public sealed class StripeEventState
{
    [Id(0)] public string Type { get; set; } = "";
    [Id(1)] public StripeEventOutcome Outcome { get; set; }
    [Id(2)] public DateTimeOffset AppliedAt { get; set; }
}

/// <summary>
/// Processes one verified Stripe event exactly once. It is keyed by the event's id: Stripe delivers at least once,
/// sometimes several copies at the same moment, and Orleans runs the calls of one grain one at a time, so the first
/// delivery applies the event and records it, and every later copy finds the record and answers
/// <see cref="StripeEventOutcome.Duplicate"/> without touching anything. An event that cannot be tied to a user yet
/// is not recorded, so Stripe's redelivery tries again. Ordering between events is not this grain's job: the
/// subscription grain orders changes by the events' creation time.
/// </summary>
public sealed class StripeGrain(
    [PersistentState("stripeEvent", StorageNames.Billing)] IPersistentState<StripeEventState> applied,
    TimeProvider clock,
    GeminiCloneMetrics metrics)
    : Grain, IStripeGrain
{
    public async Task<StripeEventOutcome> ApplyStripeEventAsync(StripeEventData stripeEvent)
    {
        var outcome = await ApplyOnceAsync(stripeEvent);
        metrics.StripeEvent(stripeEvent.Kind, outcome);
        return outcome;
    }

    private async Task<StripeEventOutcome> ApplyOnceAsync(StripeEventData stripeEvent)
    {
        if (applied.RecordExists)
        {
            return StripeEventOutcome.Duplicate;
        }

        // Applied before it is recorded: if recording fails, Stripe redelivers, and every step below is safe to
        // repeat (links are idempotent, subscription changes are ordered by the event's creation time).
        var outcome = stripeEvent.Kind switch
        {
            StripeEventKind.CheckoutCompleted => await ApplyCheckoutCompletedAsync(stripeEvent),
            StripeEventKind.SubscriptionCreated or StripeEventKind.SubscriptionUpdated or StripeEventKind.SubscriptionDeleted =>
                await ApplySubscriptionChangeAsync(stripeEvent, stripeEvent.SubscriptionStatus ?? "incomplete"),
            StripeEventKind.InvoicePaid or StripeEventKind.InvoicePaymentFailed => await ApplyInvoiceAsync(stripeEvent),
            _ => StripeEventOutcome.Ignored,
        };

        if (outcome == StripeEventOutcome.Unresolved)
        {
            // Nothing changed and nothing is recorded: the redelivery gets a fresh try.
            DeactivateOnIdle();
            return outcome;
        }

        applied.State = new StripeEventState { Type = stripeEvent.Type, Outcome = outcome, AppliedAt = clock.GetUtcNow() };
        await applied.WriteStateAsync();
        return outcome;
    }

    /// <summary>Checkout completes once the first payment went through: the subscription is active.</summary>
    private Task<StripeEventOutcome> ApplyCheckoutCompletedAsync(StripeEventData stripeEvent) =>
        stripeEvent.UserId is null || stripeEvent.SubscriptionId is null
            ? Task.FromResult(StripeEventOutcome.Ignored)
            : ApplySubscriptionChangeAsync(stripeEvent, "active");

    private async Task<StripeEventOutcome> ApplySubscriptionChangeAsync(StripeEventData stripeEvent, string status)
    {
        if (stripeEvent.SubscriptionId is null)
        {
            return StripeEventOutcome.Ignored;
        }

        var userId = await FindUserAsync(stripeEvent);
        return await GrainFactory.GetGrain<ISubscriptionGrain>(stripeEvent.SubscriptionId).ApplyChangeAsync(new SubscriptionChange(
            userId, stripeEvent.CustomerId, status, stripeEvent.CurrentPeriodEnd, stripeEvent.CancelAtPeriodEnd, stripeEvent.Created));
    }

    private async Task<StripeEventOutcome> ApplyInvoiceAsync(StripeEventData stripeEvent)
    {
        var userId = await FindUserAsync(stripeEvent);
        if (userId is null && stripeEvent.SubscriptionId is not null)
        {
            userId = await GrainFactory.GetGrain<ISubscriptionGrain>(stripeEvent.SubscriptionId).GetUserIdAsync();
        }

        if (stripeEvent.Payment is not { } payment)
        {
            return StripeEventOutcome.Ignored;
        }

        if (userId is null)
        {
            // One of our subscriptions whose events have not arrived yet can still be resolved; anything else is not ours.
            return stripeEvent.SubscriptionId is null ? StripeEventOutcome.Ignored : StripeEventOutcome.Unresolved;
        }

        await GrainFactory.GetGrain<IBillingAccountGrain>(userId).RecordPaymentAsync(payment, stripeEvent.Created);
        return StripeEventOutcome.Applied;
    }

    /// <summary>The user named in the event, else the one its customer was linked to; links the two when both are known.</summary>
    private async Task<string?> FindUserAsync(StripeEventData stripeEvent)
    {
        if (stripeEvent.CustomerId is null)
        {
            return stripeEvent.UserId;
        }

        var customer = GrainFactory.GetGrain<IStripeCustomerGrain>(stripeEvent.CustomerId);
        if (stripeEvent.UserId is null)
        {
            return await customer.GetUserIdAsync();
        }

        await customer.LinkUserAsync(stripeEvent.UserId);
        return stripeEvent.UserId;
    }
}
