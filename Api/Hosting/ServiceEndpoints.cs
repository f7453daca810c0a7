using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace GeminiClone.Api.Hosting;

/// <summary>What is not a resource: the greeting, health probes and the API's own documentation.</summary>
public static class ServiceEndpoints
{
    public const string Greeting = "Hello! This is the Gemini Backend Clone.";
    public const string ReadyTag = GeminiClone.Grains.Hosting.HealthTags.Ready;

    public static IEndpointRouteBuilder MapServiceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Text(Greeting)).WithName("Greeting").WithTags("Service").ExcludeFromDescription();

        // Live: the process answers. Ready: it can reach the cluster (and, in production, its stores).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });

        app.MapGeminiCloneApiReference(app.ServiceProvider.GetRequiredService<IConfiguration>());
        return app;
    }
}
