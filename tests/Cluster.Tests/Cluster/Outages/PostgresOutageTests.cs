using System.Diagnostics;
using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GeminiClone.Cluster.Tests.Cluster.Outages;

/// <summary>
/// PostgreSQL going away under chat traffic, on the production topology (two silos, a gateway, Redis), with every
/// response recorded and every stored history read back afterwards.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    /// <summary>What "a few log lines a second" means per process, generously: a flood was thousands a second.</summary>
    private const double MaxLinesPerSecond = 5;

    [Fact]
    public async Task PostgreSQL_stopped_for_20_s_answers_only_503s_with_Retry_After_serves_reads_of_active_chatrooms_and_stores_no_refused_turn()
    {
        await TestServers.WithPostgresRestoredAsync(async () =>
        {
            await using var rig = await StartAsync();
            var chat = await ChatTraffic.StartAsync(rig);
            await Task.Delay(TimeSpan.FromSeconds(3));

            var linesBefore = rig.Silos.Concat(rig.Gateways).Select(p => p.LinesWritten).ToArray();
            var outage = Stopwatch.StartNew();
            chat.OutageStarted();
            await TestServers.StopPostgresAsync(crash: false);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var readyDuringOutage = await ReadyStatusAsync(rig);
            await Task.Delay(TimeSpan.FromSeconds(18));
            await TestServers.StartPostgresAsync();
            chat.OutageEnded();
            var outageSeconds = outage.Elapsed.TotalSeconds;
            var linesDuring = rig.Silos.Concat(rig.Gateways).Select((p, i) => p.LinesWritten - linesBefore[i]).ToArray();

            await Task.Delay(TimeSpan.FromSeconds(5));
            await chat.StopAsync();
            output.WriteLine(chat.Summary);
            output.WriteLine($"lines during the {outageSeconds:F0} s outage per process: {string.Join(", ", linesDuring)}");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyDuringOutage);
            Assert.Equal(HttpStatusCode.OK, await ReadyStatusAsync(rig));
            chat.AssertEveryFailureIsA503ProblemWithRetryAfter(rig.Diagnostics);
            Assert.True(chat.RefusedTurns > 0, "The outage refused no turn: it did not happen.\n" + chat.Summary);
            Assert.True(chat.ReadsDuringOutage > 0 && chat.FailedReadsDuringOutage == 0,
                $"Reads of active chatrooms during the outage: {chat.ReadsDuringOutage}, failed: {chat.FailedReadsDuringOutage}");
            await chat.AssertStoredHistoriesAgreeAsync();
            await chat.AssertEveryChatroomAnswersAgainAsync();
            Assert.All(linesDuring, lines => Assert.True(lines <= MaxLinesPerSecond * outageSeconds,
                $"{lines} log lines in {outageSeconds:F0} s:\n{rig.Diagnostics}"));
            Assert.Contains(rig.Silos, s => s.WholeOutput.Contains("PostgreSQL unreachable", StringComparison.Ordinal));
            Assert.Contains(rig.Silos, s => s.WholeOutput.Contains("PostgreSQL answers again", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task PostgreSQL_crash_restarted_during_turns_never_reports_a_stored_turn_as_failed()
    {
        await TestServers.WithPostgresRestoredAsync(async () =>
        {
            await using var rig = await StartAsync();
            var chat = await ChatTraffic.StartAsync(rig);
            for (var crash = 0; crash < 3; crash++)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
                chat.OutageStarted();
                await TestServers.StopPostgresAsync(crash: true);
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                await TestServers.StartPostgresAsync();
                chat.OutageEnded();
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
            await chat.StopAsync();
            output.WriteLine(chat.Summary);

            chat.AssertEveryFailureIsA503ProblemWithRetryAfter(rig.Diagnostics);
            await chat.AssertStoredHistoriesAgreeAsync();
            await chat.AssertEveryChatroomAnswersAgainAsync();
        });
    }

    private static Task<ClusterRig> StartAsync() =>
        ClusterRig.StartAsync(silos: 2, gateways: 1, new Dictionary<string, string> { ["BASIC_DAILY_LIMIT"] = "100000" }, emulator: o => o.LatencyMs = 20);

    private static async Task<HttpStatusCode> ReadyStatusAsync(ClusterRig rig)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        return (await http.GetAsync($"{rig.Gateways[0].Url}/health/ready")).StatusCode;
    }
}
