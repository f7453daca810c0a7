using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>
/// The daily allowance for images Gemini makes: images per UTC day by plan, reserved before a turn asks for them and
/// settled by what it really made. Unlike a message slot, a reservation is stored at once, as an upload's bytes are:
/// a turn whose silo dies before it settles leaves its images counted, rather than a day's count that forgot them.
/// </summary>
internal sealed class DailyImages(PlanLimits limits, TimeProvider clock)
{
    /// <summary>Today's count; <see cref="ImageAllowance.Granted"/> says whether any image is left.</summary>
    public ImageAllowance Allowance(UserState state)
    {
        var (today, resetsAt) = Today();
        var limit = limits.ImagesPerDay(state.Tier);
        var used = UsedOn(state, today);
        return new ImageAllowance(used < limit, limit, used, resetsAt);
    }

    /// <summary>Counts <paramref name="count"/> images when at least that many are left today; the state changed when granted.</summary>
    public ImageAllowance TryReserve(UserState state, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var (today, _) = Today();
        var allowance = Allowance(state);
        if (count > allowance.Remaining)
        {
            return allowance with { Granted = false };
        }

        state.ImageDay = today;
        state.ImagesMade = allowance.Used + count;
        return allowance with { Granted = true, Used = state.ImagesMade };
    }

    /// <summary>
    /// Counts the images made beyond the reservation, or gives back those not made; true when the state changed.
    /// Images reserved on another day are not given back today (that day's count is gone), as with uploads.
    /// </summary>
    public bool Settle(UserState state, int reserved, int made)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reserved);
        ArgumentOutOfRangeException.ThrowIfNegative(made);
        var (today, _) = Today();
        var difference = made - reserved;
        if (difference == 0 || (difference < 0 && state.ImageDay != today))
        {
            return false;
        }

        var used = Math.Max(0, UsedOn(state, today) + difference);
        var changed = state.ImageDay != today || state.ImagesMade != used;
        state.ImageDay = today;
        state.ImagesMade = used;
        return changed;
    }

    private static int UsedOn(UserState state, DateOnly day) => state.ImageDay == day ? state.ImagesMade : 0;

    private (DateOnly Today, DateTimeOffset ResetsAt) Today()
    {
        var now = clock.GetUtcNow();
        return (DateOnly.FromDateTime(now.UtcDateTime), DailyQuota.NextUtcMidnight(now));
    }
}
