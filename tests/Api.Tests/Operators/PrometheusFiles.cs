using System.Diagnostics;

namespace GeminiClone.Api.Tests.Operators;

/// <summary>Debian's <c>prometheus</c> and <c>promtool</c> (tests/scripts/test-servers.sh installs them) and deploy/prometheus.</summary>
internal static class PrometheusFiles
{
    public static string Deploy(string name) => Path.Combine(Root(), "deploy", "prometheus", name);

    /// <summary>A file of deploy/k8s.</summary>
    public static string Kubernetes(string name) => Path.Combine(Root(), "deploy", "k8s", name);

    /// <summary>Runs <paramref name="tool"/> to its end; its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GeminiClone.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("GeminiClone.sln not found above the test binaries.");
    }
}
