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

    /// <summary>
    /// The opening of a cluster test: a new deployment with <paramref name="silos"/> silos and then
    /// <paramref name="gateways"/> gateways started and ready, over its own database in the test PostgreSQL and the
    /// test Redis. <paramref name="settings"/> (environment names) go to every process on top of the defaults.
    /// </summary>
    public static async Task<ClusterRig> StartAsync(
        int silos, int gateways, IReadOnlyDictionary<string, string>? settings = null, Action<EmulatorOptions>? emulator = null)
    {
        var rig = await CreateAsync(settings, emulator);
        try
        {
            await rig.StartMoreAsync(silos, gateways);
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>A deployment with no process started yet, for a test that starts them itself (<see cref="StartSilo"/>).</summary>
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
        var rig = new ClusterRig(shared, gemini);
        rig.Set(settings);
        return rig;
    }

    public string PostgresConnectionString => _shared["ConnectionStrings__Postgres"];

    /// <summary>
    /// A new deployment of the same service after every process died: processes killed, a new cluster id, the same
    /// database, <paramref name="settings"/> on top of the earlier ones, and new silos and gateways started.
    /// </summary>
    public async Task RedeployAsync(int silos, int gateways, IReadOnlyDictionary<string, string>? settings = null)
    {
        KillAll();
        _shared["ORLEANS_CLUSTER_ID"] = $"cluster-{Guid.NewGuid():N}";
        Set(settings);
        await StartMoreAsync(silos, gateways);
    }

    /// <summary>More silos, then more gateways, each on ports of its own, waited for until ready.</summary>
    public async Task StartMoreAsync(int silos, int gateways)
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
        return (process.ExitCode, process.WholeOutput);
    }

    public ApiClient Client(int gateway, TimeSpan? timeout = null) =>
        new(new HttpClient { BaseAddress = new Uri(Gateways[gateway].Url), Timeout = timeout ?? TimeSpan.FromSeconds(150) });

    /// <summary>The opening of most tests: a new user, signed in through <paramref name="gateway"/>'s client.</summary>
    public async Task<SignedIn> SignInAsync(int gateway = 0, TimeSpan? timeout = null)
    {
        var api = Client(gateway, timeout);
        var (user, token) = await api.NewSessionAsync();
        return new SignedIn(api, user, token);
    }

    private void KillAll()
    {
        foreach (var process in _processes)
        {
            process.Kill();
        }

        Silos.Clear();
        Gateways.Clear();
    }

    /// <summary>Settings (environment names) for the processes started from now on, over the ones set before.</summary>
    private void Set(IReadOnlyDictionary<string, string>? settings)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _shared[key] = value;
        }
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

/// <summary>A user signed in through one gateway: its client, the user, and the access token.</summary>
public sealed record SignedIn(ApiClient Api, TestUser User, string Token);
