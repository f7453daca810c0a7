using System.Reflection;
using GeminiClone.Api.Auth;
using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Hosting;

/// <summary>
/// A misconfigured deployment says what to set in one line on standard error and exits 1, instead of a host
/// start-up failure with a stack trace. The settings are checked by the host's own start-up validation
/// (<c>ValidateOnStart</c>), before any hosted service (the co-hosted silo among them) starts.
/// </summary>
public static partial class StartupChecks
{
    /// <summary>Runs the app; the exit code is 1 when a setting is missing or wrong, after one line that says which.</summary>
    public static int RunOrExplainConfiguration(this WebApplication app)
    {
        try
        {
            WarnAboutCodesInResponses(app);
            app.Run();
            return 0;
        }
        // Only as the process's own entry point: under a test host (WebApplicationFactory) the failure must reach the host.
        catch (Exception e) when (Assembly.GetEntryAssembly() == typeof(StartupChecks).Assembly && Failures(e) is { Count: > 0 } failures)
        {
            Console.Error.WriteLine($"GeminiClone cannot start: {string.Join(" ", failures)}");
            return 1;
        }
    }

    private static void WarnAboutCodesInResponses(WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && app.Services.GetRequiredService<IOptions<OtpDeliveryOptions>>().Value.CodesInResponses)
        {
            LogCodesInResponses(app.Logger);
        }
    }

    private static List<string> Failures(Exception e) => e switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        // The start-up wait ran out: which store or cluster could not be reached, in one line.
        StoreUnreachableException unreachable => [unreachable.Message],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(Failures)],
        _ => [],
    };

    [LoggerMessage(LogLevel.Warning,
        "OTP_IN_RESPONSE=true: one-time codes are returned in API responses, so anyone who knows a phone number can sign in as its owner. " +
        "Use it for tests and load tests only; configure Twilio (TWILIO_*) for real users.")]
    private static partial void LogCodesInResponses(ILogger logger);
}
