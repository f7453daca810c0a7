using GeminiClone.Api.Tests.Operators;
using GeminiClone.Benchmarks.Load;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>
/// The load tool reads the service's own <c>/metrics</c> (<c>--metrics-url</c>) and divides what it counted by the
/// turns: grain calls, state writes and the runtime's counters per turn. With the one host that exports metrics.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class LoadToolCountersTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>
{
    [Fact]
    public async Task With_the_service_s_metrics_page_a_run_counts_grain_calls_state_writes_and_the_runtime_s_work_per_turn()
    {
        var baseUrl = fixture.Factory.CreateClient().BaseAddress!;
        var options = new LoadOptions
        {
            BaseUrl = baseUrl,
            Scenario = "chat",
            VirtualUsers = 2,
            Chatrooms = 2,
            Duration = TimeSpan.FromSeconds(2),
            Warmup = TimeSpan.Zero,
            ModelLatencyMs = 0,
            Quiet = true,
            MetricsUrl = new Uri(baseUrl, "/metrics"),
        };

        var result = await LoadTool.RunAsync(options, TextWriter.Null);

        var work = result.Work!;
        // A turn is at least the chatroom's call and the owner's quota, and it writes the chatroom, the user and the usage.
        Assert.True(work.GrainCalls >= 2, result.ToTable());
        Assert.True(work.StateWrites.GetValueOrDefault("ChatroomState") >= 0.9, result.ToTable());
        Assert.True(work.Runtime!.AllocatedBytes > 1024, result.ToTable());
        Assert.True(work.Runtime.ThreadPoolItems > 0, result.ToTable());
        Assert.Contains("KB allocated", result.ToTable());
    }
}
