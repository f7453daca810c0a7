using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;

namespace GeminiClone.Grains.Hosting;

/// <summary>
/// Remembers which <see cref="GrainInterfaceType"/> each grain interface has.
/// </summary>
/// <remarks>
/// Orleans 10.4 works the answer out again on every <c>GetGrain</c> call: it instantiates every attribute on the
/// interface, then formats the type's name. On <c>GET /user/me</c> that reflection was about a seventh of the
/// request's CPU in a profile, for an answer that never changes while the process lives. This provider sits in
/// front of Orleans' own: the first time it sees a type it asks the resolver (which then skips this provider, so
/// the usual providers and naming convention decide), and from then on answers from its table.
/// </remarks>
internal sealed class CachedGrainInterfaceTypeProvider(IServiceProvider services) : IGrainInterfaceTypeProvider
{
    [ThreadStatic]
    private static bool t_resolving;

    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _known = new();

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        if (_known.TryGetValue(type, out grainInterfaceType))
        {
            return true;
        }

        if (t_resolving)
        {
            // We are inside the resolver call below: step aside so Orleans' own rules answer.
            return false;
        }

        t_resolving = true;
        try
        {
            grainInterfaceType = services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceType(type);
        }
        finally
        {
            t_resolving = false;
        }

        _known.TryAdd(type, grainInterfaceType);
        return true;
    }
}

public static class GrainInterfaceTypeCaching
{
    /// <summary>Puts <see cref="CachedGrainInterfaceTypeProvider"/> first, ahead of the providers Orleans registers.</summary>
    public static IServiceCollection AddGrainInterfaceTypeCache(this IServiceCollection services)
    {
        if (!services.Any(d => d.ImplementationType == typeof(CachedGrainInterfaceTypeProvider)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider, CachedGrainInterfaceTypeProvider>());
        }

        return services;
    }
}
