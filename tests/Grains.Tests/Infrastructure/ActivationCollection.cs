namespace GeminiClone.Grains.Tests.Infrastructure;

/// <summary>
/// Deactivates every idle grain of a test cluster, so the next call reloads state from storage. A collection that
/// has not finished after <see cref="ReportAfter"/> names the grains still activated then (the busy ones and those
/// whose deactivation is pending) in the failure it ends with: a collection waits for each deactivation, so one
/// stuck grain holds every test that deactivates, and the name is what tells a test's leftover from a grain's bug.
/// </summary>
public static class ActivationCollection
{
    /// <summary>Well inside Orleans' 30 s response and deactivation timeouts; a healthy collection takes milliseconds.</summary>
    private static readonly TimeSpan ReportAfter = TimeSpan.FromSeconds(10);

    public static async Task DeactivateAllAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var collection = management.ForceActivationCollection(TimeSpan.Zero);
        if (await Task.WhenAny(collection, Task.Delay(ReportAfter)) == collection)
        {
            await collection;
            return;
        }

        var remaining = await management.GetDetailedGrainStatistics();
        var ours = remaining
            .Where(g => !g.GrainType.Contains("Orleans", StringComparison.Ordinal))
            .Select(g => $"{g.GrainId} ({g.GrainType})")
            .Order()
            .ToList();
        try
        {
            await collection;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"The activation collection had not finished after {ReportAfter.TotalSeconds:0} s; our grains still activated then: " +
                string.Join(", ", ours), e);
        }

        throw new TimeoutException(
            $"The activation collection took more than {ReportAfter.TotalSeconds:0} s (it finished later); our grains still activated at " +
            $"{ReportAfter.TotalSeconds:0} s: " + string.Join(", ", ours));
    }
}
