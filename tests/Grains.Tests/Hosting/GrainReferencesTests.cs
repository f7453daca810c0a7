using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Interfaces.Users.Preferences;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Tests.Users;

namespace GeminiClone.Grains.Tests.Hosting;

/// <summary>A grain's reference is made once and reused: the same grain, the same reference; another grain or interface, another.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_same_grain_gets_the_same_reference_and_it_reaches_the_grain()
    {
        using var references = new GrainReferences(fixture.Grains);
        var userId = (await fixture.NewUserAsync()).GetPrimaryKeyString();

        var first = references.Get<IUserGrain>(userId);
        var again = references.Get<IUserGrain>(userId);

        Assert.Same(first, again);
        Assert.Equal(fixture.Grains.GetGrain<IUserGrain>(userId).GetGrainId(), again.GetGrainId());
        Assert.Empty(await again.GetChatroomsAsync());
    }

    [Fact]
    public void Another_key_or_another_interface_gets_its_own_reference()
    {
        using var references = new GrainReferences(fixture.Grains);

        var user = references.Get<IUserGrain>("u-1");

        Assert.NotSame(user, references.Get<IUserGrain>("u-2"));
        Assert.Equal("u-2", references.Get<IUserGrain>("u-2").GetPrimaryKeyString());
        Assert.IsAssignableFrom<IUserPreferencesGrain>(references.Get<IUserPreferencesGrain>("u-1"));
        Assert.NotEqual(user.GetGrainId(), references.Get<IUserPreferencesGrain>("u-1").GetGrainId());
    }
}
