using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Infrastructure;

/// <summary>
/// The real Api, co-hosting a real silo, served by Kestrel on a loopback port: tests speak real HTTP to it.
/// Each factory gets its own silo and gateway ports so several can run at once.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string JwtSecret = "tests-only-secret-0123456789abcdefghijklmnop";

    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Jwt:Secret"] = JwtSecret,
        ["RateLimiting:AuthPermitsPerMinute"] = "0",
        ["Orleans:SiloPort"] = LoopbackPorts.Next().ToString(),
        ["Orleans:GatewayPort"] = LoopbackPorts.Next().ToString(),
    };

    public ApiFactory() => UseKestrel(0);

    /// <summary>Settings a derived factory adds or overrides, in configuration-key form.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected virtual string Environment => "Testing";

    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings.Concat(Settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(ConfigureTestServices);
    }

    public ApiClient CreateApiClient() => new(CreateClient());

    public Task InitializeAsync()
    {
        StartServer();
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

/// <summary>The factory most tests share: default settings, throttle off.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
