using GeminiClone.Api.Operators;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Hosting;

/// <summary>The last line of start-up: where a newcomer or an operator goes next.</summary>
public static partial class StartupSummary
{
    public static void LogWhenStarted(this WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? "http://localhost";
        address = address.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://+", "://localhost").Replace("://*", "://localhost");
        var reference = OpenApiDocumentOptions.From(app.Configuration).Enabled ? $"API reference {address}/scalar, " : "";
        var dashboard = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.IsConfigured
            ? $", dashboard {address}/dashboard/"
            : "";
        LogReady(app.Logger, $"{reference}health {address}/health/live and {address}/health/ready{dashboard}");
    });

    [LoggerMessage(LogLevel.Information, "GeminiClone is ready: {Where}")]
    private static partial void LogReady(ILogger logger, string where);
}
