using System.Globalization;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// The monthly spending cap of a plan (<c>Usage:MonthlyCap:*</c>), checked before Gemini is asked. The line: a turn is
/// refused when this UTC month's estimated cost so far, the turns already recorded, is at or above the cap
/// (<c>spent &gt;= cap</c>). A turn that starts below it runs, and may end above it (its cost is known only once
/// Gemini has answered); turns running at once are each checked against what was recorded when they started.
/// </summary>
/// <remarks>
/// Where the check lives: the month's cost is kept by the usage grain (which prices every record), and asked here,
/// after the quota slot is held (which says the plan), one call, only for plans with a cap. Keeping a copy of the
/// month's cost beside the quota in the user grain (<c>UserState</c>) would save that call, but the copy would need a
/// call of its own after every turn to stay current (the record goes to the usage grain), could fall behind it when
/// either write fails, and would make the line inexact exactly where it matters: at the line. Plans without a cap, the
/// default, pay nothing.
/// </remarks>
public sealed class SpendingCaps(IOptions<UsageOptions> options, TimeProvider clock, GeminiCloneMetrics metrics)
{
    /// <summary>Null when a turn of <paramref name="tier"/> may go on; else the refusal, with <c>RetryAfter</c> until the cap lifts.</summary>
    public async Task<ChatTurnResult?> RefusalAsync(IGrainFactory grains, string userId, UserTier tier)
    {
        if (options.Value.MonthlyCap.For(tier) is not { } cap)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var spent = await grains.GetGrain<IUserUsageGrain>(userId).GetMonthCostAsync(UsageCalendar.MonthOf(now));
        if (spent < cap)
        {
            return null;
        }

        metrics.QuotaRefused(tier, "spending");
        var lifts = UsageCalendar.FirstOfNextMonth(now);
        return new ChatTurnResult(ChatTurnStatus.SpendingCapReached, Detail: string.Create(CultureInfo.InvariantCulture,
            $"The {tier} plan's monthly spending cap of {cap:0.00####} USD is reached (estimated cost this month: {spent:0.00####} USD). Turns are accepted again from {lifts:yyyy-MM-dd} 00:00 UTC."))
        {
            RetryAfter = lifts - now,
        };
    }
}
