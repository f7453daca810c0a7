// The ceiling `me` is measured against: a bare minimal-API endpoint making one call to a trivial grain in a
// co-hosted silo, with nothing else (no auth, no JSON envelope, no problem details).
using GeminiClone.Benchmarks.Ceiling;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: 11211, gatewayPort: 30200));

var app = builder.Build();
app.MapGet("/ping", (IGrainFactory grains) => grains.GetGrain<IPingGrain>(0).PingAsync());
app.Run();

namespace GeminiClone.Benchmarks.Ceiling
{
    [Alias("GeminiClone.Ceiling.IPingGrain")]
    public interface IPingGrain : IGrainWithIntegerKey
    {
        [Alias("Ping"), Orleans.Concurrency.ReadOnly]
        Task<string> PingAsync();
    }

    public sealed class PingGrain : Grain, IPingGrain
    {
        public Task<string> PingAsync() => Task.FromResult("pong");
    }
}
