using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;

namespace GeminiClone.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TwoGatewaysTests
{
    [Fact]
    public async Task Two_gateways_sending_to_one_chatroom_keep_turns_ordered_and_the_quota_exact()
    {
        await using var rig = await ClusterRig.CreateAsync(emulator: o => o.LatencyMs = 50);
        await rig.StartAsync(silos: 2, gateways: 2);
        var first = rig.Client(0);
        var second = rig.Client(1);
        var (_, token) = await first.NewSessionAsync();
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
}
