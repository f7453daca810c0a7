using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GeminiClone.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SiloFailureTests(ITestOutputHelper output)
{
    /// <summary>The bound we promise for a cluster to serve every chatroom again after a silo is killed.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A request that was in flight through the killed silo's gateway gets no answer until the grain call times out
    /// (100 s for a send); the client here gives up sooner and counts it as a failed in-flight request.
    /// </summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Killing_a_silo_under_chat_traffic_loses_and_duplicates_no_acknowledged_message()
    {
        await using var rig = await ClusterRig.CreateAsync(
            new Dictionary<string, string>
            {
                ["BASIC_DAILY_LIMIT"] = "100000",
                // Notice a dead silo within seconds rather than the production default's tens of seconds.
                ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
                ["Orleans__Membership__NumMissedProbesLimit"] = "2",
                ["Orleans__Membership__NumVotesForDeathDeclaration"] = "1",
            },
            emulator: o => o.LatencyMs = 20);
        await rig.StartAsync(silos: 2, gateways: 1);
        var api = rig.Client(0, ClientTimeout);

        var conversations = new List<(string Token, string Room)>();
        for (var u = 0; u < 6; u++)
        {
            var (_, token) = await api.NewSessionAsync();
            for (var r = 0; r < 2; r++)
            {
                conversations.Add((token, await api.CreateChatroomAsync(token, $"u{u} r{r}")));
            }
        }

        var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var outcomes = new ConcurrentBag<string>();
        var recoveredAt = new ConcurrentDictionary<string, TimeSpan>();
        var sinceKill = new Stopwatch();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(12));
        var traffic = conversations.Select(c => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var text = $"{c.Room} #{n}";
                var startedAfterKill = sinceKill.IsRunning;
                HttpResponseMessage response;
                try
                {
                    response = await api.SendMessageAsync(c.Token, c.Room, text);
                }
                catch (TaskCanceledException)
                {
                    outcomes.Add("client timeout");
                    continue;
                }

                outcomes.Add(((int)response.StatusCode).ToString());
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.GetOrAdd(c.Room, _ => []).Add(text);
                    if (startedAfterKill)
                    {
                        recoveredAt.TryAdd(c.Room, sinceKill.Elapsed);
                    }
                }
                else
                {
                    // Failures must be clear: a 5xx problem body, never a bare error or a stack trace.
                    Assert.True((int)response.StatusCode >= 500, $"Unexpected {response.StatusCode}");
                    await response.ReadProblemAsync(response.StatusCode);
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        sinceKill.Start();
        rig.Silos[1].Kill();
        await Task.WhenAll(traffic);

        // A chatroom whose loop sat on a request lost with the killed silo is probed until it answers.
        foreach (var (token, room) in conversations.Where(c => !recoveredAt.ContainsKey(c.Room)))
        {
            while (sinceKill.Elapsed < RecoveryBound)
            {
                try
                {
                    if ((await api.SendMessageAsync(token, room, $"{room} probe")).StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.GetOrAdd(room, _ => []).Add($"{room} probe");
                        recoveredAt.TryAdd(room, sinceKill.Elapsed);
                        break;
                    }
                }
                catch (TaskCanceledException)
                {
                    outcomes.Add("client timeout");
                }

                await Task.Delay(250);
            }
        }

        output.WriteLine(string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key}: {g.Count()}")));
        output.WriteLine($"Every chatroom served again within {recoveredAt.Values.DefaultIfEmpty().Max()} of the kill.");
        Assert.Equal(conversations.Count, recoveredAt.Count);
        Assert.All(recoveredAt.Values, t => Assert.True(t < RecoveryBound, $"Recovered only after {t}:\n{rig.Diagnostics}"));
        Assert.True(outcomes.Count(o => o == "200") > 50, $"Too little traffic got through: {outcomes.Count}");

        foreach (var (token, room) in conversations)
        {
            var stored = await AllMessagesAsync(api, token, room);
            var questions = stored.Where(m => m.Role == "User").Select(m => m.Text).ToList();
            Assert.Equal(questions.Count, questions.Distinct().Count());
            var lost = acknowledged[room].Except(questions).ToList();
            Assert.True(lost.Count == 0, $"Acknowledged but not stored in {room}: {string.Join(", ", lost)}; stored: {string.Join(", ", questions.TakeLast(8))}");
            for (var i = 0; i < stored.Count; i += 2)
            {
                Assert.Equal("User", stored[i].Role);
                Assert.Equal("AI", stored[i + 1].Role);
                Assert.EndsWith(stored[i].Text, stored[i + 1].Text);
            }
        }
    }

    /// <summary>The whole conversation, paging back from the newest 500 messages.</summary>
    private static async Task<List<(string Role, string Text)>> AllMessagesAsync(ApiClient api, string token, string room)
    {
        var messages = new List<(string Role, string Text)>();
        var query = "?limit=500";
        while (true)
        {
            var page = await api.GetChatroomAsync(token, room, query);
            messages.InsertRange(0, page.Messages());
            if (!page["paging"]!["hasMore"]!.GetValue<bool>())
            {
                return messages;
            }

            query = $"?limit=500&before={page["paging"]!["before"]!.GetValue<int>()}";
        }
    }
}
