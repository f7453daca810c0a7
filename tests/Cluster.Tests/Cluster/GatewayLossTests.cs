using GeminiClone.Cluster.Tests.Infrastructure;

namespace GeminiClone.Cluster.Tests.Cluster;

/// <summary>A gateway killed in the middle of a streamed answer: a rig of its own.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayLossTests
{
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
}
