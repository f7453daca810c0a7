using System.Diagnostics.Metrics;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Benchmarks.Load;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

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
        var result = await LoadTool.RunAsync(ShortRun(scenario) with { StandInTime = scenario == "chat" }, TextWriter.Null);

        Assert.True(result.ErrorCount == 0, result.ToTable());
        Assert.True(result.Requests > 0);
        Assert.True(result.RequestsPerSecond > 0);
        Assert.True(result.Latency.P50 > 0 && result.Latency.P50 <= result.Latency.P99 && result.Latency.P99 <= result.Latency.Max);
        Assert.Contains(scenario, result.ToTable());
        if (scenario == "chat")
        {
            // The service says how long each turn waited for the model; the tool subtracts it per request.
            var aboveServerTiming = result.Series[ServerTiming.OverheadSeries];
            Assert.True(aboveServerTiming.P50 <= result.Series["overhead above model"].P50, result.ToTable());
            // The stand-in stamps every answer with its own time, which lies within the service's wait for it (give or
            // take Server-Timing's microseconds): a turn's overhead is never smaller by that yardstick.
            var aboveStandIn = result.Series[Scenarios.OverheadAboveStandInSeries];
            Assert.Equal(result.Series["overhead above model"].Count, aboveStandIn.Count);
            Assert.Equal(result.Series["overhead above model"].Count, aboveServerTiming.Count);
            Assert.True(aboveServerTiming.P50 <= aboveStandIn.P50 + 0.01 && aboveServerTiming.P99 <= aboveStandIn.P99 + 0.01, result.ToTable());
            Assert.True(aboveStandIn.P50 < result.Series["overhead above model"].P50, result.ToTable());
        }

        if (scenario == "stream")
        {
            Assert.True(result.Series["first event"].P50 <= result.Series["last event"].P50);
            // Every stream's first event carries the stand-in's own time for it, and the tool subtracts it.
            var aboveStandIn = result.Series[Scenarios.FirstEventAboveStandInSeries];
            Assert.Equal(result.Series["first event"].Count, aboveStandIn.Count);
            Assert.True(aboveStandIn.P50 > 0 && aboveStandIn.P50 < result.Series["first event"].P50, result.ToTable());
            // The service says how long each stream waited for the model's first event, which holds the stand-in's
            // own time for it: the first event is never less far above it.
            var aboveServerTiming = result.Series[ServerTiming.FirstEventSeries];
            Assert.Equal(result.Series["first event"].Count, aboveServerTiming.Count);
            Assert.True(aboveServerTiming.P50 <= aboveStandIn.P50 + 0.01 && aboveServerTiming.P99 <= aboveStandIn.P99 + 0.01, result.ToTable());
        }
    }

    [Fact]
    public async Task Users_can_own_idle_chatrooms_beside_the_ones_that_turn()
    {
        var options = ShortRun("chat") with { VirtualUsers = 2, Chatrooms = 2, IdleChatroomsPerUser = 3, Duration = TimeSpan.FromSeconds(1) };
        using var requests = new MetricCollector<double>(
            fixture.Factory.Services.GetRequiredService<IMeterFactory>(), "Microsoft.AspNetCore.Hosting", "http.server.request.duration");

        var result = await LoadTool.RunAsync(options, TextWriter.Null);

        // What this test is about is the chatrooms made before the run; that turns are counted is the theory's. (It
        // asked for a turn within this one-second window too, which a loaded machine's first, cold turns can miss.)
        Assert.True(result.ErrorCount == 0, result.ToTable());
        // One user (up to ten turning chatrooms each): its two that turn and its three idle ones.
        var created = requests.GetMeasurementSnapshot().Count(m =>
            Equals(m.Tags.GetValueOrDefault("http.route"), "/chatroom/") && Equals(m.Tags.GetValueOrDefault("http.request.method"), "POST")
            && Equals(m.Tags.GetValueOrDefault("http.response.status_code"), 201));
        Assert.Equal(5, created);
    }

    [Fact]
    public async Task Turn_targets_prints_chats_users_and_chatrooms_for_wrk_and_each_pair_takes_a_turn()
    {
        var printed = new StringWriter();

        var result = await LoadTool.RunAsync(ShortRun("turn-targets") with { Chatrooms = 20 }, TextWriter.Null, printed);

        // As chat makes them: ten chatrooms per user, one "token chatroom" pair a line (what wrk/chat.lua reads).
        var pairs = printed.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')).ToList();
        Assert.Equal(0, result.ErrorCount);
        Assert.Equal(20, pairs.Count);
        Assert.All(pairs, pair => Assert.Equal(2, pair.Length));
        Assert.Equal(2, pairs.Select(pair => pair[0]).Distinct().Count());
        Assert.Equal(20, pairs.Select(pair => pair[1]).Distinct().Count());
        // The request wrk/chat.lua formats for a pair is a turn the service answers.
        var (token, room) = (pairs[^1][0], pairs[^1][1]);
        using var client = fixture.Factory.CreateClient();
        using var send = new HttpRequestMessage(HttpMethod.Post, $"/chatroom/{room}/message")
        {
            Content = new StringContent("""{"message":"How are you today?"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        send.Headers.Authorization = new("Bearer", token);
        using var answer = await client.SendAsync(send);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
    }

    /// <summary>
    /// Two seconds of a scenario at four virtual users, the model answering at once, after a second of the same load:
    /// a fixture's first turns compile the turn's path, which on a loaded machine can take the whole window.
    /// </summary>
    private LoadOptions ShortRun(string scenario) => new()
    {
        BaseUrl = fixture.Factory.CreateClient().BaseAddress!,
        Scenario = scenario,
        VirtualUsers = 4,
        Chatrooms = 4,
        Duration = TimeSpan.FromSeconds(2),
        Warmup = TimeSpan.FromSeconds(1),
        ModelLatencyMs = 0,
        Quiet = true,
    };
}
