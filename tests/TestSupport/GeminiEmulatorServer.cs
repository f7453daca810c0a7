using GeminiClone.GeminiEmulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.TestSupport;

/// <summary>The Gemini emulator on a loopback port, for the real Gemini client to talk to over real HTTP.</summary>
public sealed class GeminiEmulatorServer(WebApplication app, string url) : LoopbackServer(app, url)
{
    public RequestLog Requests => App.Services.GetRequiredService<RequestLog>();

    /// <summary>The gates of <c>[[hold:KEY]]</c> and <c>[[title-hold:KEY]]</c>: release a key to let its requests answer.</summary>
    public EmulatorHolds Holds => App.Services.GetRequiredService<EmulatorHolds>();

    /// <summary>Files uploaded to the emulated Files API.</summary>
    public EmulatedFiles Files => App.Services.GetRequiredService<EmulatedFiles>();

    /// <summary>From now on answer 404 for <paramref name="model"/>, as Gemini does once it has shut a model down.</summary>
    public void ShutDown(string model)
    {
        var models = App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmulatorOptions>>().Value.ShutDownModels;
        lock (models)
        {
            models.Add(model);
        }
    }

    public static async Task<GeminiEmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var app = GeminiEmulatorApp.Create(["--urls", "http://127.0.0.1:0"], configure);
        return new GeminiEmulatorServer(app, await StartAsync(app));
    }
}
