using Microsoft.Extensions.Caching.Memory;

namespace GeminiClone.Grains.Hosting;

/// <summary>
/// Grain references made once per grain and reused. A reference is immutable and safe to share, but making one is
/// not cheap: Orleans' generated proxy resolves a copier for each argument type of its interface as it is constructed
/// (<c>IUserGrain</c> has dozens), which was about 4 % of <c>GET /user/me</c>'s CPU when the gateway's session check
/// made one per request (tests/Benchmarks/README.md). At most <see cref="MaxReferences"/> are kept, each until it
/// has gone unused for <see cref="Idle"/>.
/// </summary>
public sealed class GrainReferences(IGrainFactory grains) : IDisposable
{
    public const int MaxReferences = 100_000;

    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _references = new(new MemoryCacheOptions { SizeLimit = MaxReferences });

    public TGrain Get<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        var id = (typeof(TGrain), key);
        if (_references.TryGetValue(id, out TGrain? known) && known is not null)
        {
            return known;
        }

        var made = grains.GetGrain<TGrain>(key);
        _references.Set(id, made, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Idle });
        return made;
    }

    public void Dispose() => _references.Dispose();
}
