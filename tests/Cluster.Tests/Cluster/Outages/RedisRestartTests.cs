using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;

namespace GeminiClone.Cluster.Tests.Cluster.Outages;

[Collection(ClusterCollection.Name)]
public sealed class RedisRestartTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The test plays the orchestrator as compose (restart: unless-stopped) and Kubernetes (restartPolicy Always plus
    /// the liveness probe on /health/live) would: a silo is replaced only when its process has exited or its
    /// liveness probe fails. Gateways are never touched.
    /// </summary>
    [Fact]
    public async Task A_redis_that_restarts_empty_is_served_again_within_60_seconds_with_no_process_restarted_by_hand()
    {
        using var redis = new ThrowawayRedis();
        await redis.StartAsync();
        await using var rig = await ClusterRig.StartAsync(
            silos: 2, gateways: 1, new Dictionary<string, string> { ["ConnectionStrings__Redis"] = redis.ConnectionString });
        var (api, _, token) = await rig.SignInAsync(timeout: TimeSpan.FromSeconds(30));
        var room = await api.CreateChatroomAsync(token);
        await api.ChatAsync(token, room, "before the outage");
        var oldSilos = rig.Silos.ToList();

        var reads = new ChatroomReads(api, token, room);
        var traffic = reads.RunAsync();

        redis.Kill();
        await Task.Delay(Outage);
        await redis.StartAsync();
        var sinceRestart = Stopwatch.StartNew();
        var replaced = await PlayOrchestratorUntilServedAsync(rig, oldSilos, () => ServesAsync(api, token, room), sinceRestart);
        var servedAfter = sinceRestart.Elapsed;
        await reads.StopAsync(traffic);
        var turn = await api.SendMessageAsync(token, room, "after the outage");
        var messages = (await api.GetChatroomAsync(token, room)).Messages();

        Assert.True(servedAfter < TimeSpan.FromSeconds(60), $"served again after {servedAfter}");
        Assert.True(reads.Slowest < TimeSpan.FromSeconds(15), $"a request took {reads.Slowest}");
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        Assert.Contains(("User", "before the outage"), messages);
        Assert.Contains(("User", "after the outage"), messages);
        Assert.False(rig.Gateways[0].HasExited, rig.Gateways[0].Output);
        Assert.All(oldSilos, silo => Assert.True(silo.WholeOutput.Contains("no member of the cluster any more", StringComparison.Ordinal),
            $"{silo.Name} did not say it is no member any more (replaced: {string.Join(", ", replaced)}):\n{silo.Output}"));
        Assert.All(oldSilos, silo => Assert.Contains(replaced, r => r.StartsWith(silo.Name + " ", StringComparison.Ordinal)));
        Assert.All(reads.Answers, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
    }

    /// <summary>
    /// Replaces each silo whose process exited or whose liveness probe failed, until the silos of the lost table have
    /// gone (right after Redis' restart they still serve from what they knew, until each finds its row missing) and
    /// the chatroom is served by the silos that replaced them. Says which silos it replaced, and why.
    /// </summary>
    private static async Task<List<string>> PlayOrchestratorUntilServedAsync(
        ClusterRig rig, List<ServiceProcess> oldSilos, Func<Task<bool>> serves, Stopwatch sinceRestart)
    {
        var running = rig.Silos.ToList();
        var replaced = new List<string>();
        while (oldSilos.Any(silo => running.Contains(silo)) || !await serves())
        {
            Assert.True(sinceRestart.Elapsed < TimeSpan.FromSeconds(60), $"Not served again within 60 s of Redis' restart:\n{rig.Diagnostics}");
            foreach (var silo in running.ToList())
            {
                if (silo.HasExited || !await IsLiveAsync(silo))
                {
                    replaced.Add($"{silo.Name} ({(silo.HasExited ? "exited" : "liveness failed")})");
                    await StopAsOrchestratorsDoAsync(silo);
                    running[running.IndexOf(silo)] = rig.StartSilo();
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return replaced;
    }

    /// <summary>
    /// As kubelet and compose stop a container: SIGTERM, then SIGKILL once the grace period is over. A SIGKILL at the
    /// first failed probe would be harsher than either, and would race the silo's own last words: a silo that finds its
    /// row gone says why, fails its liveness check, and stops itself a second later, or at once on a SIGTERM.
    /// </summary>
    private static async Task StopAsOrchestratorsDoAsync(ServiceProcess silo)
    {
        try
        {
            await silo.StopGracefullyAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // The grace period is over.
        }

        silo.Kill();
    }

    /// <summary>A reader of the chatroom every 200 ms through the outage: each answer's status, and the slowest.</summary>
    private sealed class ChatroomReads(ApiClient api, string token, string room)
    {
        private readonly CancellationTokenSource _stop = new();

        public ConcurrentBag<HttpStatusCode> Answers { get; } = [];

        public TimeSpan Slowest { get; private set; }

        public Task RunAsync() => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var took = Stopwatch.StartNew();
                try
                {
                    Answers.Add((await api.GetAsync($"/chatroom/{room}", token)).StatusCode);
                }
                catch (TaskCanceledException)
                {
                    Answers.Add(HttpStatusCode.RequestTimeout);
                }

                Slowest = took.Elapsed > Slowest ? took.Elapsed : Slowest;
                await Task.Delay(200);
            }
        });

        public async Task StopAsync(Task running)
        {
            await _stop.CancelAsync();
            await running;
            _stop.Dispose();
        }
    }

    private static async Task<bool> ServesAsync(ApiClient api, string token, string room)
    {
        try
        {
            return (await api.GetAsync($"/chatroom/{room}", token)).StatusCode == HttpStatusCode.OK;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> IsLiveAsync(ServiceProcess silo)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return (await probe.GetAsync($"{silo.Url}/health/live")).IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Still starting (a replacement) or already gone: only an exit or a failed probe counts.
            return !silo.HasExited;
        }
    }
}
