using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Builder;
using GeminiClone.GeminiEmulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Infrastructure;

/// <summary>The Gemini emulator on a loopback port, for the real Gemini client to talk to over real HTTP.</summary>
public sealed class GeminiEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GeminiEmulatorServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public RequestLog Requests => _app.Services.GetRequiredService<RequestLog>();

    public static async Task<GeminiEmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var app = GeminiEmulatorApp.Create(["--urls", "http://127.0.0.1:0"], configure);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new GeminiEmulatorServer(app, url);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
