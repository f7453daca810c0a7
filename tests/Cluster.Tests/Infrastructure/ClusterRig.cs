using GeminiClone.GeminiEmulator;

namespace GeminiClone.Cluster.Tests.Infrastructure;

/// <summary>
/// A production topology on loopback: silos clustering through Redis with state in a fresh PostgreSQL database,
/// gateways as Orleans clients, and the Gemini emulator, every part a real process but the emulator.
/// </summary>
public sealed class ClusterRig : IAsyncDisposable
{
    public const string JwtSecret = "cluster-tests-secret-0123456789abcdefghijkl";

    private readonly List<ServiceProcess> _processes = [];
    private readonly Dictionary<string, string> _shared;

    private ClusterRig(Dictionary<string, string> shared, GeminiEmulatorServer gemini)
    {
        _shared = shared;
        Gemini = gemini;
    }

    public GeminiEmulatorServer Gemini { get; }

    public List<ServiceProcess> Silos { get; } = [];

    public List<ServiceProcess> Gateways { get; } = [];

    public static async Task<ClusterRig> CreateAsync(IReadOnlyDictionary<string, string>? settings = null, Action<EmulatorOptions>? emulator = null)
    {
        var gemini = await GeminiEmulatorServer.StartAsync(emulator);
        var shared = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = await TestServers.CreateDatabaseAsync(),
            ["ConnectionStrings__Redis"] = TestServers.Redis,
            ["ORLEANS_SERVICE_ID"] = $"svc-{Guid.NewGuid():N}",
            ["ORLEANS_CLUSTER_ID"] = $"cluster-{Guid.NewGuid():N}",
            ["ORLEANS_ADVERTISED_IP"] = "127.0.0.1",
            ["JWT_SECRET"] = JwtSecret,
            ["AUTH_RATE_LIMIT_PER_MINUTE"] = "0",
            ["GEMINI_API_KEY"] = "emulator-key",
            ["GEMINI_BASE_URL"] = gemini.Url,
            ["Gemini__RetryDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            shared[key] = value;
        }

        return new ClusterRig(shared, gemini);
    }

    /// <summary>A new deployment of the same service: new processes, new cluster id, same database.</summary>
    public string PostgresConnectionString => _shared["ConnectionStrings__Postgres"];

    /// <summary>A setting for the processes started from now on (e.g. before a <see cref="NewDeployment"/>).</summary>
    public void Configure(string key, string value) => _shared[key] = value;

    public void NewDeployment() => _shared["ORLEANS_CLUSTER_ID"] = $"cluster-{Guid.NewGuid():N}";

    public async Task StartAsync(int silos, int gateways)
    {
        var started = Enumerable.Range(0, silos).Select(_ => StartSilo()).ToList();
        await Task.WhenAll(started.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(90))));
        started = [.. Enumerable.Range(0, gateways).Select(_ => StartGateway())];
        await Task.WhenAll(started.Select(g => g.WaitReadyAsync(TimeSpan.FromSeconds(90))));
    }

    /// <summary>One more silo, started and not waited for (on ports of its own, as a new pod would get).</summary>
    public ServiceProcess StartSilo()
    {
        var silo = ServiceProcess.Start($"silo{Silos.Count}", "Silo", LoopbackPorts.Next(), new Dictionary<string, string>(_shared)
        {
            ["ORLEANS_SILO_PORT"] = LoopbackPorts.Next().ToString(),
            ["ORLEANS_GATEWAY_PORT"] = LoopbackPorts.Next().ToString(),
        });
        Silos.Add(silo);
        _processes.Add(silo);
        return silo;
    }

    /// <summary>One more gateway, started and not waited for.</summary>
    public ServiceProcess StartGateway()
    {
        var gateway = ServiceProcess.Start($"api{Gateways.Count}", "Api", LoopbackPorts.Next(), _shared);
        Gateways.Add(gateway);
        _processes.Add(gateway);
        return gateway;
    }

    /// <summary>Runs <c>Silo {command}</c> against this deployment to its end; its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunSiloCommandAsync(string command, TimeSpan timeout)
    {
        using var process = ServiceProcess.Start($"silo-{command}", "Silo", LoopbackPorts.Next(), _shared, command);
        Assert.True(await process.WaitForExitAsync(timeout), $"Silo {command} did not finish in {timeout}:\n{process.Output}");
        return (process.ExitCode, process.Output);
    }

    public ApiClient Client(int gateway, TimeSpan? timeout = null) =>
        new(new HttpClient { BaseAddress = new Uri(Gateways[gateway].Url), Timeout = timeout ?? TimeSpan.FromSeconds(150) });

    public void KillAll()
    {
        foreach (var process in _processes)
        {
            process.Kill();
        }

        Silos.Clear();
        Gateways.Clear();
    }

    public string Diagnostics => string.Join("\n", _processes.Select(p => $"--- {p.Name} ---\n{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        await Gemini.DisposeAsync();
    }
}
