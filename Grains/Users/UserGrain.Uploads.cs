using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>The daily allowance for attachments: bytes per UTC day by plan, counted before the bytes are stored.</summary>
public sealed partial class UserGrain
{
    public async Task<UploadAllowance> ReserveUploadAsync(long bytes)
    {
        var daily = attachmentOptions.Value.DailyBytesFor(State.Tier);
        var (today, resetsAt) = UploadDay();
        var used = State.UploadDay == today ? State.UploadedBytes : 0;
        if (!Exists || used + bytes > daily)
        {
            return new UploadAllowance(false, Math.Max(0, daily - used), daily, resetsAt);
        }

        State.UploadDay = today;
        State.UploadedBytes = used + bytes;
        await user.WriteStateAsync();
        return new UploadAllowance(true, daily - State.UploadedBytes, daily, resetsAt);
    }

    public async Task ReleaseUploadAsync(long bytes)
    {
        if (Exists && State.UploadDay == UploadDay().Today)
        {
            State.UploadedBytes = Math.Max(0, State.UploadedBytes - bytes);
            await user.WriteStateAsync();
        }
    }

    private (DateOnly Today, DateTimeOffset ResetsAt) UploadDay()
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return (today, new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
    }
}
