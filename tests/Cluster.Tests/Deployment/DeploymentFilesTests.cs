using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using GeminiClone.Cluster.Tests.Infrastructure;
using GeminiClone.Grains.Adapters.PostgreSql;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Hosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GeminiClone.Cluster.Tests.Deployment;

/// <summary>
/// Docker does not run here, so the deployment files are checked against the code instead: every environment name
/// they set is one the code reads, ports match the defaults, entry points name the real assemblies.
/// </summary>
public sealed class DeploymentFilesTests
{
    private static readonly string Deploy = Path.Combine(Root(), "deploy");

    /// <summary>Names our processes read (legacy names, sectioned keys, and the framework's own).</summary>
    private static readonly HashSet<string> KnownEnvironment =
    [
        .. LegacyEnvironmentNames.All.Select(n => n.Legacy),
        "ConnectionStrings__Postgres", "ConnectionStrings__Redis",
        "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_FORWARDEDHEADERS_ENABLED", "OTEL_EXPORTER_OTLP_ENDPOINT",
    ];

    [Fact]
    public void Compose_runs_postgres_redis_two_silos_two_gateways_and_a_front()
    {
        var services = Compose()["services"];

        Assert.Equal(["api1", "api2", "front", "postgres", "redis", "silo1", "silo2"], Keys(services).Order());
        Assert.Equal("gemini-clone-silo", Scalar(services, "silo1", "image"));
        Assert.Equal("gemini-clone-api", Scalar(services, "api2", "image"));
        Assert.StartsWith("postgres:", Scalar(services, "postgres", "image"));
        Assert.StartsWith("redis:", Scalar(services, "redis", "image"));
        Assert.Equal("deploy/Silo.Dockerfile", Scalar(services, "silo2", "build", "dockerfile"));
        Assert.Equal("deploy/Api.Dockerfile", Scalar(services, "api1", "build", "dockerfile"));
    }

    [Fact]
    public void Every_environment_name_in_compose_is_read_by_the_code()
    {
        var services = Compose()["services"];
        foreach (var name in new[] { "silo1", "silo2", "api1", "api2" })
        {
            var environment = Keys(((YamlMappingNode)services)[name]["environment"]).ToList();
            Assert.NotEmpty(environment);
            Assert.All(environment, key => Assert.Contains(key, KnownEnvironment));
            Assert.Contains("DATABASE_URL", environment);
            Assert.Contains("REDIS_HOST", environment);
        }

        Assert.Contains("JWT_SECRET", Keys(((YamlMappingNode)services)["api1"]["environment"]));
    }

    [Fact]
    public void The_nginx_front_balances_over_both_gateways_on_their_port()
    {
        var nginx = File.ReadAllText(Path.Combine(Deploy, "nginx.conf"));

        Assert.Contains("server api1:8080;", nginx);
        Assert.Contains("server api2:8080;", nginx);
        Assert.Contains("proxy_buffering off;", nginx);
    }

    [Fact]
    public void The_nginx_front_waits_longer_than_a_streamed_send_behind_another_turn_may_stay_silent()
    {
        var nginx = File.ReadAllText(Path.Combine(Deploy, "nginx.conf"));
        // The longest Gemini call the options allow, twice: the turn ahead in the chatroom, then this one's first words.
        var range = typeof(GeminiOptions).GetProperty(nameof(GeminiOptions.Timeout))!.GetCustomAttributes(typeof(RangeAttribute), false)
            .Cast<RangeAttribute>().Single();
        var longestCall = TimeSpan.Parse((string)range.Maximum, CultureInfo.InvariantCulture);

        var readTimeout = Regex.Match(nginx, @"proxy_read_timeout (\d+)s;");

        Assert.True(readTimeout.Success, "nginx.conf sets no proxy_read_timeout (nginx's default, 60 s, is too short).");
        Assert.True(TimeSpan.FromSeconds(int.Parse(readTimeout.Groups[1].Value, CultureInfo.InvariantCulture)) > 2 * longestCall);
    }

    [Theory]
    [InlineData("Silo.Dockerfile", "Silo")]
    [InlineData("Api.Dockerfile", "Api")]
    public void Dockerfiles_publish_and_run_the_real_project(string dockerfile, string project)
    {
        var text = File.ReadAllText(Path.Combine(Deploy, dockerfile));

        Assert.Contains($"dotnet publish {project}/{project}.csproj", text);
        // Precompiled, so a new pod's first turns do not wait for the JIT (tests/Benchmarks/README.md, "Cold start").
        Assert.Contains("-p:PublishReadyToRun=true", text);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]", text);
        Assert.True(File.Exists(Path.Combine(Root(), project, $"{project}.csproj")));
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", text);
    }

    [Theory]
    [InlineData("Silo")]
    [InlineData("Api")]
    public void Services_run_with_server_gc_without_datas_and_no_thread_pool_spinning(string project)
    {
        // The settings measured in tests/Benchmarks/README.md ("Runtime settings", "Saturation measured"), in the
        // runtimeconfig.json every way of running the service reads: images, embedded, the tests' own processes.
        var dll = Binaries.Path(project);
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(dll, ".runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    [Fact]
    public void The_silo_image_and_manifest_use_the_codes_default_ports()
    {
        var defaults = new SiloHostingOptions();
        var dockerfile = File.ReadAllText(Path.Combine(Deploy, "Silo.Dockerfile"));
        var silo = Documents("k8s/silo.yaml").Single();
        var container = (YamlMappingNode)((YamlSequenceNode)silo["spec"]["template"]["spec"]["containers"])[0];
        var ports = ((YamlSequenceNode)container["ports"]).Cast<YamlMappingNode>()
            .ToDictionary(p => p["name"].ToString(), p => int.Parse(p["containerPort"].ToString()));

        Assert.Contains($"EXPOSE {defaults.SiloPort} {defaults.GatewayPort} 8080", dockerfile);
        Assert.Equal(defaults.SiloPort, ports["silo"]);
        Assert.Equal(defaults.GatewayPort, ports["gateway"]);
        Assert.Equal(8080, ports["health"]);
    }

    [Fact]
    public void Kubernetes_manifests_read_settings_the_code_knows_and_scale_the_gateways()
    {
        var configMap = Documents("k8s/configmap.yaml").Single();
        var secret = Documents("k8s/secrets.example.yaml").Single();
        var api = Documents("k8s/api.yaml").ToList();
        var hpa = api.Single(d => d["kind"].ToString() == "HorizontalPodAutoscaler");
        var deployment = api.Single(d => d["kind"].ToString() == "Deployment");

        Assert.All(Keys(configMap["data"]), key => Assert.Contains(key, KnownEnvironment));
        Assert.All(Keys(secret["stringData"]), key => Assert.Contains(key, KnownEnvironment));
        Assert.Equal(deployment["metadata"]["name"].ToString(), hpa["spec"]["scaleTargetRef"]["name"].ToString());
        Assert.Equal("/health/ready", Scalar(deployment["spec"]["template"]["spec"]["containers"][0], "readinessProbe", "httpGet", "path"));
        Assert.Equal(
            ["gemini-clone", "gemini-clone-secrets"],
            ((YamlSequenceNode)deployment["spec"]["template"]["spec"]["containers"][0]["envFrom"])
                .Select(e => ((YamlMappingNode)e).Children.Values.Single()["name"].ToString()));
    }

    [Fact]
    public void The_schema_scripts_are_embedded_in_the_silo_binary()
    {
        var scripts = Directory.GetFiles(Path.Combine(Deploy, "sql"), "*.sql").Select(Path.GetFileName).Order();

        Assert.Equal(scripts, PostgresMigrations.Scripts);
    }

    private static YamlMappingNode Compose() => Documents("docker-compose.yml").Single();

    private static IEnumerable<YamlMappingNode> Documents(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Deploy, relative)));
        // Compose files share blocks with YAML merge keys (<<: *silo); the merging parser resolves them.
        stream.Load(new MergingParser(new Parser(reader)));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
    }

    private static IEnumerable<string> Keys(YamlNode node) =>
        ((YamlMappingNode)node).Children.Keys.Select(k => k.ToString()).Where(k => k != "<<");

    private static string Scalar(YamlNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => ((YamlMappingNode)current)[key]).ToString();

    internal static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GeminiClone.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("GeminiClone.sln not found above the test binaries.");
    }
}
