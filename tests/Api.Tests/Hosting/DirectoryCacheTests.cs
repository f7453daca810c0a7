using GeminiClone.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GeminiClone.Api.Tests.Hosting;

/// <summary>
/// A silo keeps 100,000 grains' locations (<c>Orleans:DirectoryCacheSize</c>), not Orleans' million: Orleans walks
/// the cache's whole dictionary, sized for its capacity, each time the dashboard reads its size (every second).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DirectoryCacheTests(ApiFactory defaults)
{
    [Fact]
    public void A_silo_keeps_a_hundred_thousand_grains_locations_by_default()
    {
        Assert.Equal(100_000, DirectoryOptions(defaults.Services).CacheSize);
    }

    [Fact]
    public async Task Operators_size_the_cache_by_configuration()
    {
        await using var factory = new ApiFactory([new("Orleans:DirectoryCacheSize", "250000")]);
        await factory.InitializeAsync();

        Assert.Equal(250_000, DirectoryOptions(factory.Services).CacheSize);
    }

    [Fact]
    public async Task A_cache_too_small_to_hold_a_silos_working_set_stops_start_up_naming_the_setting()
    {
        await using var factory = new ApiFactory([new("Orleans:DirectoryCacheSize", "10")]);

        var failure = Assert.ThrowsAny<Exception>(factory.StartServer);

        Assert.Contains("DirectoryCacheSize", failure.Message, StringComparison.Ordinal);
    }

    private static GrainDirectoryOptions DirectoryOptions(IServiceProvider services) =>
        services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;
}
