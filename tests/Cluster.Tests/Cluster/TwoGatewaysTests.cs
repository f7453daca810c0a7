using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;

namespace GeminiClone.Cluster.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class TwoGatewaysTests
{
    [Fact]
    public async Task Two_gateways_sending_to_one_chatroom_keep_turns_ordered_and_the_quota_exact()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 2, gateways: 2, emulator: o => o.LatencyMs = 50);
        var (first, _, token) = await rig.SignInAsync();
        var second = rig.Client(1);
        var room = await first.CreateChatroomAsync(token);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            (i % 2 == 0 ? first : second).SendMessageAsync(token, room, $"message {i}")));

        Assert.True(responses.All(r => r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests), rig.Diagnostics);
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        foreach (var gateway in new[] { first, second })
        {
            var messages = (await gateway.GetChatroomAsync(token, room)).Messages();
            Assert.Equal(10, messages.Count);
            for (var turn = 0; turn < 5; turn++)
            {
                Assert.Equal("User", messages[2 * turn].Role);
                Assert.Equal(("AI", $"Reply #{turn + 1}: {messages[2 * turn].Text}"), messages[2 * turn + 1]);
            }
        }

        var usage = (await (await second.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["usage"]!;
        Assert.Equal(5, usage["used"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_stream_started_through_one_gateway_resumes_through_another_after_the_first_is_killed()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 2, gateways: 2);
        var (first, _, token) = await rig.SignInAsync();
        var second = rig.Client(1);
        var room = await first.CreateChatroomAsync(token);
        // About 9 s of answer: still running after a gateway is killed and another attaches, even on two busy cores
        // (3 s was not: the whole answer could be over before the second gateway asked for it).
        var message = "resume elsewhere " + string.Join(' ', Enumerable.Range(1, 30).Select(i => $"w{i}")) + " [[chunks:30]] [[chunk-interval:300]]";

        var stream = new SseReader(await first.SendAsync(token, room, message, stream: true));
        var seen = new List<SseEvent> { (await stream.NextAsync())!, (await stream.NextAsync())! };
        rig.Gateways[0].Kill();
        stream.Dispose();

        using var resumed = new SseReader(await second.FollowAsync(token, room, TurnApi.TurnIdOf(seen[^1].Id!), lastEventId: seen[^1].Id));
        var rest = await resumed.RestAsync();

        var answer = $"Reply #1: {message}";
        Assert.True(rest.Count > 2, $"Expected the rest of the answer live, got {rest.Count} events:\n{rig.Diagnostics}");
        Assert.Equal("done", rest[^1].Event);
        Assert.Equal(answer, string.Concat(seen.Concat(rest).Where(e => e.Event == "delta").Select(e => e.Text)));
        Assert.Equal(("AI", answer), (await second.GetChatroomAsync(token, room)).Messages()[^1]);
    }

    [Fact]
    public async Task A_session_ended_through_one_gateway_is_refused_by_the_other_at_once()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 2, gateways: 2);
        var (first, _, token) = await rig.SignInAsync();
        var second = rig.Client(1);
        await (await second.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK);

        await (await first.SendAsync(HttpMethod.Post, "/auth/logout", null, token)).ReadJsonAsync(HttpStatusCode.OK);

        await (await second.GetAsync("/user/me", token)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await first.GetAsync("/user/me", token)).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}
