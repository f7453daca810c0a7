using GeminiClone.Grains.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GeminiClone.Grains.Hosting;

public static class Telemetry
{
    public const string PrometheusEnabledKey = "Metrics:Prometheus:Enabled";
    public const string PrometheusOperatorsOnlyKey = "Metrics:Prometheus:RequireOperatorCredentials";
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Traces are collected only when something will receive them: an OTLP endpoint is configured. Orleans' trace
    /// propagation across grain calls is added only then too (<c>AddActivityPropagation</c>).
    /// </summary>
    public static bool TracesExported(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary><c>GET /metrics</c> for Prometheus, on unless <c>Metrics:Prometheus:Enabled</c> is false.</summary>
    public static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue(PrometheusEnabledKey, true);

    /// <summary>Whether <c>/metrics</c> takes the operators' credentials (the gateway's dashboard login).</summary>
    public static bool PrometheusForOperatorsOnly(IConfiguration configuration) => configuration.GetValue(PrometheusOperatorsOnlyKey, false);

    /// <summary>
    /// Metrics of ASP.NET Core, HttpClient (Gemini, Stripe), Orleans, the .NET runtime and our domain
    /// (<see cref="GeminiCloneMetrics"/>), for Prometheus' scrape and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
    /// over OTLP with traces (the exporter reads the standard OTEL_* variables). Traces only then: recording
    /// activities nobody exports cost a third of the throughput of a cheap request in our benchmarks; metrics are
    /// aggregated in place and cost next to nothing until scraped.
    /// </summary>
    public static IServiceCollection AddGeminiCloneTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var otlp = TracesExported(configuration);
        var prometheus = PrometheusEnabled(configuration);
        if (!otlp && !prometheus)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("Microsoft.Orleans", "Experimental.Microsoft.Extensions.AI", GeminiCloneMetrics.MeterName, "GeminiClone.*");
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Experimental.Microsoft.Extensions.AI"))
                .UseOtlpExporter();
        }

        return services;
    }

    /// <summary>
    /// <c>GET /metrics</c> in Prometheus' text format, when it is enabled: this process's own figures (in a cluster
    /// every silo and gateway is scraped by itself). Kept out of the OpenAPI document: it is for operators' tools.
    /// </summary>
    public static IEndpointConventionBuilder? MapGeminiCloneMetrics(this IEndpointRouteBuilder app, IConfiguration configuration) =>
        PrometheusEnabled(configuration)
            ? app.MapPrometheusScrapingEndpoint(MetricsPath).ExcludeFromDescription()
            : null;
}
