using YamlDotNet.RepresentationModel;

namespace GeminiClone.Api.Tests.Operators;

/// <summary>
/// deploy/prometheus/prometheus-k8s.yml as Prometheus reads it (promtool), and as the manifests of deploy/k8s answer
/// it: each SRV name it asks for is a headless Service's port, that Service selects the pods of a Deployment, and
/// the port leads to the container port where the process serves <c>/metrics</c> (8080). Kubernetes does not run
/// here, so the manifests are read instead; Debian's Prometheus has no <c>kubernetes_sd_configs</c>, so DNS it is.
/// </summary>
public sealed class KubernetesScrapeTests
{
    private const int MetricsPort = 8080;

    [Fact]
    public async Task The_kubernetes_scrape_configuration_and_its_alert_rules_are_valid()
    {
        var (exitCode, output) = await PrometheusFiles.RunAsync("promtool", "check", "config", PrometheusFiles.Deploy("prometheus-k8s.yml"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 1 rule files found", output);
    }

    [Fact]
    public void Every_silo_and_gateway_pod_is_found_through_a_headless_service_on_its_metrics_port()
    {
        var jobs = ((YamlSequenceNode)Load(PrometheusFiles.Deploy("prometheus-k8s.yml")).Single()["scrape_configs"]).Cast<YamlMappingNode>()
            .ToDictionary(job => job["job_name"].ToString(), job => ((YamlSequenceNode)job["dns_sd_configs"]).Cast<YamlMappingNode>().Single());
        var manifests = Directory.GetFiles(Path.GetDirectoryName(PrometheusFiles.Kubernetes("silo.yaml"))!, "*.yaml").SelectMany(Load).ToList();

        Assert.Equal(["geminiclone-api", "geminiclone-silo"], jobs.Keys.Order());
        Assert.Equal(
            ["gemini-clone-api", "gemini-clone-silo"],
            jobs.Values.Select(sd => ScrapedDeployment(sd, manifests)).Order());
    }

    /// <summary>The Deployment whose pods the SRV lookup of <paramref name="sd"/> yields, checked hop by hop.</summary>
    private static string ScrapedDeployment(YamlMappingNode sd, List<YamlMappingNode> manifests)
    {
        Assert.Equal("SRV", sd["type"].ToString());
        var name = Assert.Single((YamlSequenceNode)sd["names"]).ToString();
        var parts = name.Split('.');
        Assert.Equal(3, parts.Length);
        var (portName, serviceName) = (parts[0].TrimStart('_'), parts[2]);
        Assert.Equal("_tcp", parts[1]);

        var service = Assert.Single(manifests, m => m["kind"].ToString() == "Service" && m["metadata"]["name"].ToString() == serviceName);
        Assert.Equal("None", service["spec"]["clusterIP"].ToString());
        var port = Assert.Single(((YamlSequenceNode)service["spec"]["ports"]).Cast<YamlMappingNode>(), p => p["name"].ToString() == portName);
        var selector = ((YamlMappingNode)service["spec"]["selector"]).Children.ToDictionary(c => c.Key.ToString(), c => c.Value.ToString());

        var deployment = Assert.Single(manifests, m => m["kind"].ToString() == "Deployment" && selector.All(label =>
            ((YamlMappingNode)m["spec"]["template"]["metadata"]["labels"]).Children.TryGetValue(label.Key, out var value) && value.ToString() == label.Value));
        var containerPorts = ((YamlSequenceNode)deployment["spec"]["template"]["spec"]["containers"]).Cast<YamlMappingNode>()
            .SelectMany(c => ((YamlSequenceNode)c["ports"]).Cast<YamlMappingNode>())
            .ToDictionary(p => p["name"].ToString(), p => int.Parse(p["containerPort"].ToString(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(MetricsPort, containerPorts[port["targetPort"].ToString()]);
        Assert.Equal(MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), port["port"].ToString());
        return deployment["metadata"]["name"].ToString();
    }

    private static IEnumerable<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }
}
