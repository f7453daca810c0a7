using System.Diagnostics;
using System.Globalization;

namespace GeminiClone.Cluster.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL of a test's own, on a loopback port chosen before it runs, so a silo can be pointed at it while
/// nothing listens there yet (initdb as tests/scripts/test-servers.sh does it; as root, run as an unprivileged account).
/// </summary>
public sealed class ThrowawayPostgres : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("geminiclone-pg-");

    private ThrowawayPostgres(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=gemini;Database=postgres";

    private static string Bin => Environment.GetEnvironmentVariable("GEMINICLONE_TEST_PG_BIN") is { Length: > 0 } bin
        ? bin
        : throw new InvalidOperationException("GEMINICLONE_TEST_PG_BIN is not set: run the tests with `bash tests/run.sh`.");

    /// <summary>A data directory made and not yet started.</summary>
    public static async Task<ThrowawayPostgres> CreateAsync()
    {
        var postgres = new ThrowawayPostgres(LoopbackPorts.Next());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", [OsUser(), postgres._directory.FullName]);
        }

        await postgres.RunAsServerUserAsync(Path.Combine(Bin, "initdb"), ["-D", postgres.Data, "-U", "gemini", "--auth=trust", "-E", "UTF8"]);
        return postgres;
    }

    public Task StartAsync() => RunAsServerUserAsync(Path.Combine(Bin, "pg_ctl"),
    [
        "-D", Data, "-l", Path.Combine(_directory.FullName, "server.log"), "-w", "-o",
        $"-c listen_addresses=127.0.0.1 -p {Port.ToString(CultureInfo.InvariantCulture)} -k {_directory.FullName} -c fsync=off", "start",
    ]);

    public void Dispose()
    {
        try
        {
            RunAsServerUserAsync(Path.Combine(Bin, "pg_ctl"), ["-D", Data, "-m", "immediate", "stop"], mustSucceed: false).Wait(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _directory.Delete(recursive: true);
        }
    }

    private string Data => Path.Combine(_directory.FullName, "data");

    private Task RunAsServerUserAsync(string program, string[] arguments, bool mustSucceed = true) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", OsUser(), "--", program, .. arguments], mustSucceed)
            : RunAsync(program, arguments, mustSucceed);

    /// <summary>PostgreSQL refuses to run as root.</summary>
    private static string OsUser() => Directory.Exists("/var/lib/postgresql") || File.ReadAllText("/etc/passwd").Contains("\npostgres:") ? "postgres" : "nobody";

    internal static async Task RunAsync(string program, string[] arguments, bool mustSucceed = true)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (mustSucceed && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }
}

/// <summary>A Redis of a test's own without persistence, which can be killed and started again, empty, on the same port.</summary>
public sealed class ThrowawayRedis : IDisposable
{
    private Process? _server;

    public ThrowawayRedis() => Port = LoopbackPorts.Next();

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        _server = Process.Start(new ProcessStartInfo("redis-server",
            ["--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on {Port}.");
    }

    /// <summary>SIGKILL: whatever it held is gone, as with a Redis without persistence that crashes.</summary>
    public void Kill()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit(10_000);
        }

        _server?.Dispose();
        _server = null;
    }

    public void Dispose() => Kill();
}
