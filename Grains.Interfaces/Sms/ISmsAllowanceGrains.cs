namespace GeminiClone.Grains.Interfaces.Sms;

/// <summary>
/// Messages in the last hour for one key (<c>number:+9198…</c>, <c>ip:203.0.113.7</c>). A grain, not a gateway's
/// memory, so the limit holds however many gateways an attacker's requests are spread over.
/// </summary>
[Alias("GeminiClone.Sms.ISmsHourlyAllowanceGrain")]
public interface ISmsHourlyAllowanceGrain : IGrainWithStringKey
{
    /// <summary>Takes a slot when fewer than <paramref name="limit"/> were taken in the last hour (0: no limit).</summary>
    [Alias("TryTake")]
    Task<SmsAllowance> TryTakeAsync(int limit);
}

/// <summary>The messages sent on one UTC day (keyed <c>yyyy-MM-dd</c>): the ceiling on what SMS pumping can cost.</summary>
[Alias("GeminiClone.Sms.ISmsDailyBudgetGrain")]
public interface ISmsDailyBudgetGrain : IGrainWithStringKey
{
    /// <summary>Takes one message of <paramref name="budget"/>; refused once the day's are spent, until the next UTC midnight.</summary>
    [Alias("TryReserve")]
    Task<SmsAllowance> TryReserveAsync(int budget);

    [Alias("GetSpent")]
    Task<int> GetSpentAsync();
}
