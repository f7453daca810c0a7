using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>
/// The daily allowance for attachments beside the daily message quota: bytes per UTC day by plan and the plan's
/// largest file, counted before the bytes are stored and given back when they were not stored after all.
/// </summary>
internal sealed class DailyUploads(PlanLimits limits, TimeProvider clock)
{
    public UploadAllowance Allowance(UserState state)
    {
        var (today, resetsAt) = Today();
        var daily = limits.UploadBytesPerDay(state.Tier);
        var remaining = Math.Max(0, daily - UsedOn(state, today));
        return new UploadAllowance(remaining > 0, remaining, daily, resetsAt) { MaxFileBytes = limits.MaxFileBytes(state.Tier) };
    }

    /// <summary>Counts <paramref name="bytes"/> when they fit the file limit and what is left of today; the state changed when granted.</summary>
    public UploadAllowance TryReserve(UserState state, long bytes)
    {
        var (today, _) = Today();
        var allowance = Allowance(state);
        if (bytes > allowance.MaxFileBytes || bytes > allowance.RemainingBytes)
        {
            return allowance with { Granted = false, TooLarge = bytes > allowance.MaxFileBytes };
        }

        state.UploadDay = today;
        state.UploadedBytes = UsedOn(state, today) + bytes;
        return allowance with { Granted = true, RemainingBytes = allowance.RemainingBytes - bytes };
    }

    /// <summary>Gives back bytes counted today; false (nothing changed) when they were counted on another day.</summary>
    public bool Release(UserState state, long bytes)
    {
        if (state.UploadDay != Today().Today)
        {
            return false;
        }

        state.UploadedBytes = Math.Max(0, state.UploadedBytes - bytes);
        return true;
    }

    private static long UsedOn(UserState state, DateOnly day) => state.UploadDay == day ? state.UploadedBytes : 0;

    private (DateOnly Today, DateTimeOffset ResetsAt) Today()
    {
        var now = clock.GetUtcNow();
        return (DateOnly.FromDateTime(now.UtcDateTime), DailyQuota.NextUtcMidnight(now));
    }
}
