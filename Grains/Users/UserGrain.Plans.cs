using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>
/// Complimentary plans. <see cref="UserState.Tier"/> is the plan in force: Pro while the billing account's
/// subscription grants it or a complimentary plan is valid. A complimentary plan never fights a paid one: given to a
/// paid Pro it changes nothing until the subscription ends; when it ends (by itself, a durable reminder at its
/// <c>until</c>, or taken away) the tier is whatever the subscription gives.
/// </summary>
public sealed partial class UserGrain
{
    private const string ComplimentaryPlanReminder = "complimentary-plan-ends";

    /// <summary>The reminder's period; a plan ending later than this is looked at again on each tick until it is due.</summary>
    private static readonly TimeSpan PlanCheckPeriod = TimeSpan.FromDays(1);

    public async Task<AdminChangeStatus> SetPlanAsync(UserTier tier, DateTimeOffset? until, string actorId)
    {
        if (!Exists)
        {
            return AdminChangeStatus.UnknownUser;
        }

        if (tier == UserTier.Pro)
        {
            State.ComplimentaryPlan = new ComplimentaryPlan(tier, until, clock.GetUtcNow(), actorId);
            State.Tier = UserTier.Pro;
        }
        else if (State.ComplimentaryPlan is not null)
        {
            State.ComplimentaryPlan = null;
            State.Tier = await PaidTierAsync();
        }
        else
        {
            return AdminChangeStatus.Done;
        }

        await user.WriteStateAsync();
        await ScheduleComplimentaryPlanEndAsync();
        await WriteDirectoryRowAsync();
        await account.Audit.RecordAsync(AuditKinds.PlanChanged, actorId, Id,
            ("complimentary", tier.ToString()), ("until", until?.UtcDateTime.ToString("O")), ("tier", State.Tier.ToString()));
        return AdminChangeStatus.Done;
    }

    /// <summary>The reminder's tick: ends the plan once its time has come, or looks again later.</summary>
    private async Task EndComplimentaryPlanWhenDueAsync()
    {
        if (Exists && State.ComplimentaryPlan is { } plan && !plan.IsValidAt(clock.GetUtcNow()))
        {
            State.ComplimentaryPlan = null;
            State.Tier = await PaidTierAsync();
            await user.WriteStateAsync();
            await WriteDirectoryRowAsync();
            await account.Audit.RecordAsync(AuditKinds.PlanEnded, AuditActors.System, Id, ("tier", State.Tier.ToString()));
        }

        await ScheduleComplimentaryPlanEndAsync();
    }

    /// <summary>
    /// A reminder at the plan's end (at most a period ahead, so no timer waits longer than a day), or none when
    /// there is no plan that ends.
    /// </summary>
    private async Task ScheduleComplimentaryPlanEndAsync()
    {
        if (Exists && State.ComplimentaryPlan is { Until: { } until })
        {
            var due = until - clock.GetUtcNow();
            await this.RegisterOrUpdateReminder(ComplimentaryPlanReminder,
                due < TimeSpan.Zero ? TimeSpan.Zero : due > PlanCheckPeriod ? PlanCheckPeriod : due, PlanCheckPeriod);
        }
        else if (await this.GetReminder(ComplimentaryPlanReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>The tier a subscription would give on its own, as the billing account (its owner) holds it.</summary>
    private async Task<UserTier> PaidTierAsync() =>
        (await BillingAccount.GetAccountAsync()).Subscription?.GrantsPro == true ? UserTier.Pro : UserTier.Basic;

    /// <summary>The plan in force when the subscription gives <paramref name="paid"/>.</summary>
    private UserTier TierWith(UserTier paid) =>
        paid == UserTier.Pro || State.ComplimentaryPlan?.IsValidAt(clock.GetUtcNow()) == true ? UserTier.Pro : UserTier.Basic;
}
