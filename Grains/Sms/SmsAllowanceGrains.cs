using GeminiClone.Grains.Interfaces.Sms;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Sms;

[GenerateSerializer, Alias("GeminiClone.Sms.SmsHourlyAllowanceState")]
public sealed class SmsHourlyAllowanceState
{
    /// <summary>When each slot of the last hour was taken, oldest first; never more than the limit.</summary>
    [Id(0)] public List<DateTimeOffset> Taken { get; set; } = [];
}

/// <summary>
/// A sliding hour of SMS for one number or one client address. Persisted, although an hour of counts would survive
/// in memory most of the time: an idle grain is collected after minutes, and a limit that resets whenever a number
/// pauses is no limit. Only granted slots are written, so a flood of refused requests costs no writes.
/// </summary>
public sealed class SmsHourlyAllowanceGrain(
    [PersistentState("smsHourly", StorageNames.Sms)] IPersistentState<SmsHourlyAllowanceState> allowance,
    TimeProvider clock)
    : Grain, ISmsHourlyAllowanceGrain
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public async Task<SmsAllowance> TryTakeAsync(int limit)
    {
        if (limit <= 0)
        {
            return SmsAllowance.Grant;
        }

        var now = clock.GetUtcNow();
        var taken = allowance.State.Taken;
        taken.RemoveAll(at => at <= now - Window);
        if (taken.Count >= limit)
        {
            // The slot frees when the oldest of the last `limit` slides out of the hour.
            return new SmsAllowance(false, taken[^limit] + Window - now);
        }

        taken.Add(now);
        await allowance.WriteStateAsync();
        return SmsAllowance.Grant;
    }
}

[GenerateSerializer, Alias("GeminiClone.Sms.SmsDailyBudgetState")]
public sealed class SmsDailyBudgetState
{
    [Id(0)] public int Spent { get; set; }
}

/// <summary>
/// One UTC day's SMS budget. Persisted with every message, so a restart (or a deploy) does not refill it; one grain
/// for the whole cluster is fine at SMS rates, where a message costs far more than the write that counts it.
/// </summary>
public sealed class SmsDailyBudgetGrain(
    [PersistentState("smsDaily", StorageNames.Sms)] IPersistentState<SmsDailyBudgetState> budget,
    TimeProvider clock)
    : Grain, ISmsDailyBudgetGrain
{
    public async Task<SmsAllowance> TryReserveAsync(int limit)
    {
        if (budget.State.Spent >= limit)
        {
            var now = clock.GetUtcNow();
            var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            return new SmsAllowance(false, midnight - now);
        }

        budget.State.Spent++;
        await budget.WriteStateAsync();
        return SmsAllowance.Grant;
    }

    public Task<int> GetSpentAsync() => Task.FromResult(budget.State.Spent);
}
