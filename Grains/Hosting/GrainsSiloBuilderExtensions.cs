using Orleans.Dashboard;

namespace GeminiClone.Grains.Hosting;

public static class GrainsSiloBuilderExtensions
{
    /// <summary>
    /// What every silo of ours runs with, whatever its clustering and storage: the grains' services, the grain
    /// interface type cache, trace propagation across grain calls, and the dashboard's collectors. The embedded
    /// silo, the production silo and the test cluster all call this, so they cannot drift apart.
    /// </summary>
    public static ISiloBuilder AddGeminiCloneGrains(this ISiloBuilder silo)
    {
        silo.Services.AddGeminiCloneDomain();
        silo.Services.AddGrainInterfaceTypeCache();
        silo.AddActivityPropagation();
        silo.AddDashboard();
        return silo;
    }
}
