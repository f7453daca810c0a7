using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;
using Orleans.TestingHost;

namespace GeminiClone.Grains.Tests.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class GrainInterfaceTypeCacheTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData(typeof(IUserGrain))]
    [InlineData(typeof(IMobileNumberGrain))]
    [InlineData(typeof(IChatroomGrain))]
    [InlineData(typeof(IStripeGrain))]
    public void The_cache_answers_what_Orleans_alone_answers(Type grainInterface)
    {
        var services = fixture.Cluster.Primary is InProcessSiloHandle silo ? silo.SiloHost.Services : throw new InvalidOperationException("in-process silo expected");
        var providers = services.GetServices<IGrainInterfaceTypeProvider>().ToList();
        var orleansAlone = new GrainInterfaceTypeResolver(providers.Skip(1), services.GetRequiredService<TypeConverter>());
        var cached = services.GetRequiredService<GrainInterfaceTypeResolver>();

        Assert.Equal("CachedGrainInterfaceTypeProvider", providers[0].GetType().Name);
        var expected = orleansAlone.GetGrainInterfaceType(grainInterface);
        Assert.Equal(expected, cached.GetGrainInterfaceType(grainInterface));
        Assert.Equal(expected, cached.GetGrainInterfaceType(grainInterface));
    }

    [Fact]
    public async Task Grains_reached_through_the_cache_are_the_grains_Orleans_names()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>("cache-check");
        Assert.Equal("user", user.GetGrainId().Type.ToString());
        Assert.Null(await user.GetProfileAsync());
    }
}
