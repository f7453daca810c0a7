
namespace GeminiClone.Grains.Interfaces.Billing;

/// <summary>
/// One verified Stripe event, keyed by its event id. Stripe delivers at least once and sometimes many times at
/// once; a grain per event id runs those deliveries one after another and applies the event only the first time.
/// Keying by event id (rather than one grain for all events) keeps unrelated events from queueing behind each
/// other and keeps each record tiny; ordering between events is the subscription grain's job.
/// </summary>
[Alias("GeminiClone.Billing.IStripeGrain")]
public interface IStripeGrain : IGrainWithStringKey
{
    [Alias("ApplyStripeEvent")]
    Task<StripeEventOutcome> ApplyStripeEventAsync(StripeEventData stripeEvent);
}
