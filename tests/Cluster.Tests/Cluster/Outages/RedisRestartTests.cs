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

        var slowest = TimeSpan.Zero;
        var answers = new ConcurrentBag<HttpStatusCode>();
        using var stopTraffic = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            while (!stopTraffic.IsCancellationRequested)
            {
                var took = Stopwatch.StartNew();
                try
                {
                    answers.Add((await api.GetAsync($"/chatroom/{room}", token)).StatusCode);
                }
                catch (TaskCanceledException)
                {
                    answers.Add(HttpStatusCode.RequestTimeout);
                }

                slowest = took.Elapsed > slowest ? took.Elapsed : slowest;
                await Task.Delay(200);
            }
        });

        redis.Kill();
        await Task.Delay(Outage);
        await redis.StartAsync();
        var sinceRestart = Stopwatch.StartNew();
        var running = rig.Silos.ToList();
        var replaced = new List<string>();
        // Served again means after the silos of the lost table have gone (right after Redis' restart they still
        // serve from what they knew, until each finds its row missing), by the silos that replaced them.
        while (oldSilos.Any(silo => running.Contains(silo)) || !await ServesAsync(api, token, room))
        {
            Assert.True(sinceRestart.Elapsed < TimeSpan.FromSeconds(60), $"Not served again within 60 s of Redis' restart:\n{rig.Diagnostics}");
            foreach (var silo in running.ToList())
            {
                if (silo.HasExited || !await IsLiveAsync(silo))
                {
                    replaced.Add($"{silo.Name} ({(silo.HasExited ? "exited" : "liveness failed")})");
                    silo.Kill();
                    running[running.IndexOf(silo)] = rig.StartSilo();
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var servedAfter = sinceRestart.Elapsed;
        await stopTraffic.CancelAsync();
        await traffic;
        var turn = await api.SendMessageAsync(token, room, "after the outage");
        var messages = (await api.GetChatroomAsync(token, room)).Messages();

        Assert.True(servedAfter < TimeSpan.FromSeconds(60), $"served again after {servedAfter}");
        Assert.True(slowest < TimeSpan.FromSeconds(15), $"a request took {slowest}");
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        Assert.Contains(("User", "before the outage"), messages);
        Assert.Contains(("User", "after the outage"), messages);
        Assert.False(rig.Gateways[0].HasExited, rig.Gateways[0].Output);
        Assert.All(oldSilos, silo => Assert.Contains("no member of the cluster any more", silo.Output));
        Assert.All(oldSilos, silo => Assert.Contains(replaced, r => r.StartsWith(silo.Name + " ", StringComparison.Ordinal)));
        Assert.All(answers, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
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
