using System.Diagnostics;
using System.Text;

namespace GeminiClone.Cluster.Tests.Infrastructure;

/// <summary>One of our processes (<c>dotnet Silo.dll</c> or <c>dotnet Api.dll</c>), started with its own environment.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(string name, Process process, string url)
    {
        Name = name;
        _process = process;
        Url = url;
    }

    public string Name { get; }

    /// <summary>Its HTTP address: the API for a gateway, health probes for a silo.</summary>
    public string Url { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>How many lines the process has written (standard output and error) so far.</summary>
    public long LinesWritten => Interlocked.Read(ref _lines);

    private long _lines;

    public int ExitCode => _process.ExitCode;

    /// <param name="command">A command the program takes (e.g. the silo's <c>reindex</c>), if any.</param>
    public static ServiceProcess Start(
        string name, string assembly, int httpPort, IReadOnlyDictionary<string, string> environment, string? command = null)
    {
        var dll = Binaries.Path(assembly);
        var url = $"http://127.0.0.1:{httpPort}";
        var start = new ProcessStartInfo("dotnet", command is null ? [dll, "--urls", url] : [dll, command, "--urls", url])
        {
            WorkingDirectory = System.IO.Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Orleans"] = "Error";
        // The tests sign in with codes from responses, as the original's clients do; a test may say otherwise.
        start.Environment["OTP_IN_RESPONSE"] = "true";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(name, process, url);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync($"{Url}/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Output}");
    }

    /// <summary>Waits for the process to end and for everything it wrote to be read.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a pod in a rolling restart: the process shuts down gracefully.</summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
    }

    /// <summary>
    /// Everything the process wrote. Assertions read this, not <see cref="Output"/>, which leaves out the middle of a
    /// long output and with it any line written there.
    /// </summary>
    public string WholeOutput
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>What the process wrote, for a failure's message: its start (where a failure usually begins) and its end, up to 24,000 characters.</summary>
    public string Output
    {
        get
        {
            const int Head = 12_000, Tail = 12_000;
            lock (_output)
            {
                return _output.Length <= Head + Tail
                    ? _output.ToString()
                    : $"{_output.ToString(0, Head)}\n[... {_output.Length - Head - Tail} characters ...]\n{_output.ToString(_output.Length - Tail, Tail)}";
            }
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        Interlocked.Increment(ref _lines);
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

/// <summary>Finds the built Silo and Api next to this test's build (same configuration).</summary>
internal static class Binaries
{
    public static string Path(string assembly)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "GeminiClone.sln")))
        {
            root = root.Parent;
        }

        var dll = System.IO.Path.Combine(root?.FullName ?? "", assembly, "bin", configuration, framework, assembly + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"{dll} is missing: build the solution first (bash tests/run.sh does).");
    }
}
