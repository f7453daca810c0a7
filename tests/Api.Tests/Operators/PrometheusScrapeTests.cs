using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Operators;

/// <summary>
/// The gateway's <c>/metrics</c> as a real Prometheus (Debian's package) scrapes it. Alone in its collection: the
/// meters' listeners are process-wide, so another test's turns at the same time would be counted too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}

/// <summary>The one host of the test process that collects metrics (the others leave them off: see ApiFactory).</summary>
public sealed class MetricsFixture : ChatFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("BASIC_DAILY_LIMIT", "100000"), new("Metrics:Prometheus:Enabled", "true")];
}

[Collection(MetricsCollection.Name)]
public sealed class PrometheusScrapeTests : IClassFixture<MetricsFixture>
{
    private const int Turns = 7;

    /// <summary>Streamed turns run besides the plain ones.</summary>
    private const int Streams = 2;

    private readonly MetricsFixture _chat;

    public PrometheusScrapeTests(MetricsFixture chat) => _chat = chat;

    [Fact]
    public async Task Prometheus_counts_exactly_the_turns_that_were_run()
    {
        var api = _chat.CreateApiClient();
        var (_, token) = await api.NewSessionAsync();
        var chatroom = await api.CreateChatroomAsync(token);
        for (var i = 0; i < Turns; i++)
        {
            await api.ChatAsync(token, chatroom, $"question {i}");
        }

        for (var i = 0; i < Streams; i++)
        {
            using var stream = await api.StreamAsync(token, chatroom, $"streamed question {i} [[latency:50]]");
            Assert.Equal("done", (await stream.ReadEventsAsync())[^1].Event);
        }

        await using var prometheus = await LocalPrometheus.StartAsync(_chat.Factory.CreateClient().BaseAddress!);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        double? counted;
        do
        {
            // A wait for the scrapes (every second), not a timing assertion: the count is asserted below.
            counted = await prometheus.QueryAsync("sum(geminiclone_turns_total)");
        }
        while (counted != Turns + Streams && DateTime.UtcNow < deadline && await Pause());

        Assert.Equal(Turns + Streams, counted);
        Assert.Equal(Turns + Streams, await prometheus.QueryAsync("sum(geminiclone_turns_total{outcome=\"replied\"})"));
        Assert.True(await prometheus.QueryAsync("sum(geminiclone_tokens_total{kind=\"output\"})") > 0);
        Assert.Equal(Turns + Streams, await prometheus.QueryAsync("sum(geminiclone_turn_duration_seconds_count)"));
        // Plain turns: each also says what of its run was not Gemini's, which is less than the whole run.
        Assert.Equal(Turns, await prometheus.QueryAsync("sum(geminiclone_turn_overhead_seconds_count)"));
        Assert.True(await prometheus.QueryAsync("sum(geminiclone_turn_overhead_seconds_sum)")
            < await prometheus.QueryAsync("sum(geminiclone_turn_duration_seconds_sum)"));
        // Streams: the time to the first piece, and what of it was not Gemini's wait for its first event (50 ms each at least).
        Assert.Equal(Streams, await prometheus.QueryAsync("sum(geminiclone_turn_time_to_first_token_seconds_count)"));
        Assert.Equal(Streams, await prometheus.QueryAsync("sum(geminiclone_turn_first_token_overhead_seconds_count)"));
        Assert.True(await prometheus.QueryAsync("sum(geminiclone_turn_first_token_overhead_seconds_sum)")
            < await prometheus.QueryAsync("sum(geminiclone_turn_time_to_first_token_seconds_sum)") - Streams * 0.05);
    }

    [Fact]
    public async Task Metrics_are_served_in_the_Prometheus_text_format_and_are_not_in_the_OpenAPI_document()
    {
        var http = _chat.Factory.CreateClient();

        var document = await http.GetStringAsync("/openapi/v1.json");
        var metrics = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", await metrics.Content.ReadAsStringAsync());
        Assert.DoesNotContain("\"/metrics\"", document);
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(250);
        return true;
    }

    /// <summary>Prometheus on a loopback port with its storage in a temp dir, scraping one target every second.</summary>
    private sealed class LocalPrometheus : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _directory;
        private readonly HttpClient _http;

        private LocalPrometheus(Process process, string directory, int port)
        {
            (_process, _directory) = (process, directory);
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        }

        public static Task<LocalPrometheus> StartAsync(Uri target)
        {
            var directory = Directory.CreateTempSubdirectory("geminiclone-prometheus-").FullName;
            var config = Path.Combine(directory, "prometheus.yml");
            File.WriteAllText(config, $"""
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: geminiclone-api
                    static_configs:
                      - targets: ["{target.Authority}"]
                """);
            var port = LoopbackPorts.Next();
            var start = new ProcessStartInfo("prometheus") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            // Its log is not read; drained so a full pipe never stops it.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return Task.FromResult(new LocalPrometheus(process, directory, port));
        }

        /// <summary>The query's one value now; null while Prometheus is not up or has no sample yet.</summary>
        public async Task<double?> QueryAsync(string query)
        {
            try
            {
                var answer = JsonNode.Parse(await _http.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}"))!;
                var result = answer["data"]!["result"]!.AsArray();
                return result.Count == 0 ? null : double.Parse(result[0]!["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
