using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Infrastructure;

/// <summary>
/// The real Api, co-hosting a real silo, served by Kestrel on a loopback port: tests speak real HTTP to it.
/// Each factory gets its own silo and gateway ports so several can run at once. What a test changes (settings in
/// configuration-key form, services of the co-hosted silo, the environment) comes in through the constructor.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string JwtSecret = "tests-only-secret-0123456789abcdefghijklmnop";

    private readonly List<KeyValuePair<string, string?>> _settings =
    [
        new("Jwt:Secret", JwtSecret),
        new("RateLimiting:AuthPermitsPerMinute", "0"),
        // Most tests sign in with the code from the response, as the original's clients do (never the default outside Development).
        new("OTP_IN_RESPONSE", "true"),
        new("Orleans:SiloPort", LoopbackPorts.Next().ToString()),
        new("Orleans:GatewayPort", LoopbackPorts.Next().ToString()),
        // OpenTelemetry's meter listener is process-wide: with every test host of this process collecting, each
        // measurement of each host was recorded once per host, which made every streamed turn of every host slow.
        // Only the metrics tests' host collects (MetricsFixture).
        new("Metrics:Prometheus:Enabled", "false"),
    ];

    private readonly Action<IServiceCollection>? _services;
    private readonly string _environment;

    /// <summary>The defaults most tests share. xUnit builds shared fixtures through the one public constructor.</summary>
    public ApiFactory()
        : this(settings: null)
    {
    }

    /// <param name="settings">Added after the defaults, so they win (e.g. <c>GEMINI_BASE_URL</c>, <c>Jwt:Secret</c>).</param>
    /// <param name="services">Replaces services of the Api and its co-hosted silo, e.g. the OTP sender or storage.</param>
    /// <param name="httpPort">A port known before start (a setting names it, as the passkey origin does); 0 for any free one.</param>
    internal ApiFactory(
        IEnumerable<KeyValuePair<string, string?>>? settings, Action<IServiceCollection>? services = null, string environment = "Testing",
        int httpPort = 0)
    {
        _settings.AddRange(settings ?? []);
        _services = services;
        _environment = environment;
        UseKestrel(httpPort);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>A client whose every answer is held to the served OpenAPI document (<see cref="OpenApiConformanceHandler"/>).</summary>
    public ApiClient CreateApiClient()
    {
        var client = CreateDefaultClient(new OpenApiConformanceHandler(ContractAsync));
        return new ApiClient(client);
    }

    private readonly Lock _contractGate = new();
    private Task<OpenApiContract?>? _contract;

    private Task<OpenApiContract?> ContractAsync()
    {
        lock (_contractGate)
        {
            return _contract ??= LoadContractAsync();
        }

        async Task<OpenApiContract?> LoadContractAsync()
        {
            using var http = CreateClient();
            return await OpenApiContract.LoadAsync(http);
        }
    }

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
