using System.Text.Json;

namespace GeminiClone.Benchmarks.Load;

public static class LoadTool
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Runs <paramref name="options"/>' scenario; progress goes to <paramref name="log"/>, what a scenario for wrk prints to <paramref name="output"/> (stdout by default).</summary>
    public static async Task<LoadResult> RunAsync(LoadOptions options, TextWriter log, TextWriter? output = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(options.VirtualUsers, 1) + 16,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        })
        {
            BaseAddress = options.BaseUrl,
            Timeout = TimeSpan.FromSeconds(120),
        };
        return await new Scenarios(options, new ContractClient(http), log, output ?? Console.Out).RunAsync();
    }
}
