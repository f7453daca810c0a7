using BenchmarkDotNet.Attributes;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>
/// A grain call in a co-hosted silo, as the gateway makes it on every authenticated request; and what making a grain's
/// reference costs (Orleans builds a proxy per <c>GetGrain</c>, resolving a copier for its interface's argument types).
/// </summary>
[ShortRunJob, MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private IHost _host = null!;
    private IGrainFactory _grains = null!;
    private IUserGrain _user = null!;
    private string _userId = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await CoHostedSilo.StartAsync(siloPort: 11311, gatewayPort: 30311);
        _grains = _host.Services.GetRequiredService<IGrainFactory>();
        var signUp = await _grains.GetGrain<IMobileNumberGrain>("+919000000001").SignUpAsync("Bench", "correct horse battery");
        _userId = signUp.User!.Id;
        _user = _grains.GetGrain<IUserGrain>(_userId);
    }

    [GlobalCleanup]
    public Task CleanupAsync() => CoHostedSilo.StopAsync(_host);

    [Benchmark]
    public Task<UserProfile?> Authenticate() => _user.AuthenticateAsync(0);

    [Benchmark]
    public Task<UserProfile?> ReadProfile() => _user.GetProfileAsync();

    /// <summary>A reference to the user grain (an interface of many methods).</summary>
    [Benchmark]
    public IUserGrain UserGrainReference() => _grains.GetGrain<IUserGrain>(_userId);

    /// <summary>A reference to the user's usage grain (a few methods), as each turn's usage record makes it.</summary>
    [Benchmark]
    public IUserUsageGrain UsageGrainReference() => _grains.GetGrain<IUserUsageGrain>(_userId);
}
