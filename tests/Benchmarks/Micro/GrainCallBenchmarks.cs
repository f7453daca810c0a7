using BenchmarkDotNet.Attributes;
using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>A grain call in a co-hosted silo, as the gateway makes it on every authenticated request.</summary>
[ShortRunJob, MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private IHost _host = null!;
    private IUserGrain _user = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseEmbeddedCluster(new SiloHostingOptions { SiloPort = 11311, GatewayPort = 30311 }));
        _host = builder.Build();
        await _host.StartAsync();
        var grains = _host.Services.GetRequiredService<IGrainFactory>();
        var signUp = await grains.GetGrain<IMobileNumberGrain>("+919000000001").SignUpAsync("Bench", "correct horse battery");
        _user = grains.GetGrain<IUserGrain>(signUp.User!.Id);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Benchmark]
    public Task<UserProfile?> Authenticate() => _user.AuthenticateAsync(0);

    [Benchmark]
    public Task<UserProfile?> ReadProfile() => _user.GetProfileAsync();
}
