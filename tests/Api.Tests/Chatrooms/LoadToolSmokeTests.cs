using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Benchmarks.Load;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>The load tool works end to end against the real service; it measures nothing here (no timing asserts).</summary>
public sealed class LoadToolSmokeTests(LongChatFixture fixture) : IClassFixture<LongChatFixture>
{
    [Theory]
    [InlineData("me")]
    [InlineData("chat")]
    [InlineData("stream")]
    public async Task A_two_second_run_returns_sane_numbers_and_no_errors(string scenario)
    {
        var options = new LoadOptions
        {
            BaseUrl = fixture.Factory.CreateClient().BaseAddress!,
            Scenario = scenario,
            VirtualUsers = 4,
            Chatrooms = 4,
            Duration = TimeSpan.FromSeconds(2),
            Warmup = TimeSpan.Zero,
            ModelLatencyMs = 0,
            Quiet = true,
        };

        var result = await LoadTool.RunAsync(options, TextWriter.Null);

        Assert.True(result.ErrorCount == 0, result.ToTable());
        Assert.True(result.Requests > 0);
        Assert.True(result.RequestsPerSecond > 0);
        Assert.True(result.Latency.P50 > 0 && result.Latency.P50 <= result.Latency.P99 && result.Latency.P99 <= result.Latency.Max);
        Assert.Contains(scenario, result.ToTable());
        if (scenario == "chat")
        {
            // The service says how long each turn waited for the model; the tool subtracts it per request.
            Assert.True(result.Series[ServerTiming.OverheadSeries].P50 <= result.Series["overhead above model"].P50, result.ToTable());
        }

        if (scenario == "stream")
        {
            Assert.True(result.Series["first event"].P50 <= result.Series["last event"].P50);
        }
    }
}
