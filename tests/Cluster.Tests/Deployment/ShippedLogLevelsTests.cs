using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Cluster.Tests.Deployment;

/// <summary>
/// The log levels silos and gateways ship with (their <c>appsettings.json</c>, which the images carry; the test rigs
/// override them, so they are read here): nothing at Information per request. A silo once logged six lines per turn
/// (IHttpClientFactory's four around each Gemini call, Polly's two per attempt), 3.6 % of its CPU in the cluster
/// benchmark and a log pipeline's worth of noise.
/// </summary>
public sealed class ShippedLogLevelsTests
{
    /// <summary>Categories that write a line per request or per outgoing call at Information.</summary>
    private static readonly string[] PerRequestCategories =
        ["Microsoft.AspNetCore", "Orleans", "Polly", "System.Net.Http.HttpClient"];

    [Theory]
    [InlineData("Silo")]
    [InlineData("Api")]
    public void Per_request_categories_log_warnings_and_worse_only(string project)
    {
        var levels = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(DeploymentFilesTests.Root(), project, "appsettings.json"), optional: false)
            .Build()
            .GetSection("Logging:LogLevel");

        Assert.All(PerRequestCategories, category =>
            Assert.True(levels.GetValue<LogLevel?>(category) >= LogLevel.Warning, $"{project}: {category} logs below Warning."));
    }
}
