using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GeminiClone.Cluster.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class SiloFailureTests(ITestOutputHelper output)
{
    /// <summary>The bound we promise for a cluster to serve every chatroom again after a silo is killed.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(10);

    /// <summary>The longest any request may wait for its answer in a failover, measured for each.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(15);

    /// <summary>Well above <see cref="AnswerBound"/>: the test measures a slow answer rather than racing the client.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Losing_a_silo_under_chat_traffic_loses_and_duplicates_no_acknowledged_message(bool graceful)
    {
        await using var rig = await ClusterRig.StartAsync(
            silos: 2,
            gateways: 1,
            new Dictionary<string, string>
            {
                // Production settings: the failover bounds below are the ones a deployment gets out of the box.
                ["BASIC_DAILY_LIMIT"] = "100000",
            },
            emulator: o => o.LatencyMs = 20);
        var api = rig.Client(0, ClientTimeout);
        var conversations = await OpenConversationsAsync(api);
        var traffic = new ChatTraffic(api);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(12));
        var sending = traffic.Send(conversations, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var sinceKill = Stopwatch.StartNew();
        if (graceful)
        {
            // A rolling restart: the silo hands its grains over and leaves the cluster before it exits.
            await rig.Silos[1].StopGracefullyAsync(TimeSpan.FromSeconds(30));
        }
        else
        {
            rig.Silos[1].Kill();
        }

        var recoveredAt = new ConcurrentDictionary<string, TimeSpan>();
        await Task.WhenAll(sending.Concat(traffic.Probe(conversations, sinceKill, recoveredAt)));

        var (outcomes, durations) = (traffic.Outcomes, traffic.Durations);
        output.WriteLine(string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key}: {g.Count()}")));
        output.WriteLine(string.Join(", ", recoveredAt.OrderBy(r => r.Value).Select(r => r.Value.TotalSeconds.ToString("F1"))));
        output.WriteLine($"Every chatroom served again within {recoveredAt.Values.DefaultIfEmpty().Max()} of the kill.");
        output.WriteLine($"Slowest answer of {durations.Count}: {durations.Max().TotalSeconds:F2} s");
        Assert.Equal(conversations.Count, recoveredAt.Count);
        Assert.All(recoveredAt.Values, t => Assert.True(t < RecoveryBound, $"Recovered only after {t}:\n{rig.Diagnostics}"));
        Assert.True(outcomes.Count(o => o == "200") > 50, $"Too little traffic got through: {outcomes.Count}");
        Assert.DoesNotContain("client timeout", outcomes);
        Assert.True(durations.Max() <= AnswerBound, $"The slowest request took {durations.Max()}, past {AnswerBound}");
        // Not one request fails, killed or stopped: a request caught by the kill is answered late (the gateway asks
        // again under the turn's idempotency key once the chatroom has moved), never twice (checked below).
        Assert.True(outcomes.All(o => o == "200"),
            $"Failed requests: {string.Join(", ", outcomes.Where(o => o != "200").GroupBy(o => o).Select(g => $"{g.Key} × {g.Count()}"))}\n{rig.Diagnostics}");
        await AssertEachAcknowledgedMessageStoredOnceAsync(api, conversations, traffic.Acknowledged);
    }

    /// <summary>30 chatrooms of 10 users.</summary>
    private static async Task<List<(string Token, string Room)>> OpenConversationsAsync(ApiClient api)
    {
        var conversations = new List<(string Token, string Room)>();
        for (var u = 0; u < 10; u++)
        {
            var (_, token) = await api.NewSessionAsync();
            for (var r = 0; r < 3; r++)
            {
                conversations.Add((token, await api.CreateChatroomAsync(token, $"u{u} r{r}")));
            }
        }

        return conversations;
    }

    private static async Task AssertEachAcknowledgedMessageStoredOnceAsync(
        ApiClient api, List<(string Token, string Room)> conversations, ConcurrentDictionary<string, ConcurrentBag<string>> acknowledged)
    {
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

    /// <summary>Chat traffic and what became of it: each send's outcome and time, and which messages were acknowledged.</summary>
    private sealed class ChatTraffic(ApiClient api)
    {
        public ConcurrentDictionary<string, ConcurrentBag<string>> Acknowledged { get; } = new();

        public ConcurrentBag<string> Outcomes { get; } = [];

        public ConcurrentBag<TimeSpan> Durations { get; } = [];

        /// <summary>Each chatroom sending one message after another until <paramref name="stop"/>.</summary>
        public List<Task> Send(List<(string Token, string Room)> conversations, CancellationToken stop) =>
            conversations.Select(c => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var text = $"{c.Room} #{n}";
                    if (await SendAsync(api, c.Token, c.Room, text, Outcomes, Durations) is HttpStatusCode.OK)
                    {
                        Acknowledged.GetOrAdd(c.Room, _ => []).Add(text);
                    }
                }
            })).ToList();

        /// <summary>
        /// Beside the traffic (whose loops may sit on a request lost with the silo), each chatroom is asked from the
        /// moment of the kill until it answers: when that happens is when the chatroom is served again.
        /// </summary>
        public List<Task> Probe(List<(string Token, string Room)> conversations, Stopwatch sinceKill, ConcurrentDictionary<string, TimeSpan> recoveredAt) =>
            conversations.Select(c => Task.Run(async () =>
            {
                for (var n = 0; sinceKill.Elapsed < RecoveryBound + TimeSpan.FromSeconds(5); n++)
                {
                    var text = $"{c.Room} probe {n}";
                    if (await SendAsync(api, c.Token, c.Room, text, outcomes: null, Durations) is HttpStatusCode.OK)
                    {
                        Acknowledged.GetOrAdd(c.Room, _ => []).Add(text);
                        recoveredAt.TryAdd(c.Room, sinceKill.Elapsed);
                        return;
                    }

                    await Task.Delay(250);
                }
            })).ToList();
    }

    /// <summary>
    /// One send, timed; its outcome (status, or "client timeout" past <see cref="ClientTimeout"/>) counted when asked.
    /// </summary>
    private static async Task<HttpStatusCode?> SendAsync(
        ApiClient api, string token, string room, string text, ConcurrentBag<string>? outcomes, ConcurrentBag<TimeSpan> durations)
    {
        HttpResponseMessage response;
        var clock = Stopwatch.StartNew();
        try
        {
            response = await api.SendMessageAsync(token, room, text);
        }
        catch (TaskCanceledException)
        {
            outcomes?.Add("client timeout");
            return null;
        }
        finally
        {
            durations.Add(clock.Elapsed);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            // Failures must be clear: a 5xx problem body with Retry-After, never a bare error or a stack trace.
            var problem = await response.ReadProblemAsync(response.StatusCode);
            outcomes?.Add($"{(int)response.StatusCode} ({problem["detail"]})");
            Assert.True((int)response.StatusCode >= 500, $"Unexpected {response.StatusCode}");
            Assert.NotNull(response.Headers.RetryAfter);
        }
        else
        {
            outcomes?.Add("200");
        }

        return response.StatusCode;
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
