namespace GeminiClone.Api.Tests.Operators;

/// <summary>deploy/prometheus as Prometheus itself reads it (promtool, from Debian's prometheus package).</summary>
public sealed class PrometheusDeploymentTests
{
    [Fact]
    public async Task The_compose_scrape_configuration_and_its_alert_rules_are_valid()
    {
        var (exitCode, output) = await PrometheusFiles.RunAsync("promtool", "check", "config", PrometheusFiles.Deploy("prometheus.yml"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 1 rule files found", output);
    }

    [Fact]
    public async Task The_alert_rules_are_valid_and_name_each_alert_the_operators_need()
    {
        var rules = PrometheusFiles.Deploy("alerts.yml");
        var (exitCode, output) = await PrometheusFiles.RunAsync("promtool", "check", "rules", rules);

        Assert.True(exitCode == 0, output);
        var text = await File.ReadAllTextAsync(rules);
        Assert.All(
            ["GeminiErrorRateHigh", "TimeToFirstTokenSlow", "QuotaRefusalsSpike", "NoTurns", "SiloCountDropped"],
            alert => Assert.Contains($"alert: {alert}", text));
    }
}
