using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.TestSupport;

/// <summary>A stand-in for a third party (Gemini, Stripe), served by Kestrel on a free loopback port.</summary>
public abstract class LoopbackServer(WebApplication app, string url) : IAsyncDisposable
{
    protected WebApplication App => app;

    public string Url => url;

    /// <summary>Starts <paramref name="app"/> (built with <c>--urls http://127.0.0.1:0</c>) and returns the address it got.</summary>
    protected static async Task<string> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        return app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
