using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;

namespace GeminiClone.Cluster.Tests.Cluster;

/// <summary>Two gateways in front of two silos, both healthy: what one does the other sees at once.</summary>
[Collection(SharedRigCollection.Name)]
public sealed class TwoGatewaysTests(SharedRig shared)
{
    [Fact]
    public async Task Two_gateways_sending_to_one_chatroom_keep_turns_ordered_and_the_quota_exact()
    {
        var rig = shared.Rig;
        var (first, _, token) = await rig.SignInAsync();
        var second = rig.Client(1);
        var room = await first.CreateChatroomAsync(token);

        // Each Gemini call takes 50 ms, so the turns overlap and race for the chatroom and the quota.
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            (i % 2 == 0 ? first : second).SendMessageAsync(token, room, $"message {i} [[latency:50]]")));

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
    public async Task A_session_ended_through_one_gateway_is_refused_by_the_other_at_once()
    {
        var rig = shared.Rig;
        var (first, _, token) = await rig.SignInAsync();
        var second = rig.Client(1);
        await (await second.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK);

        await (await first.SendAsync(HttpMethod.Post, "/auth/logout", null, token)).ReadJsonAsync(HttpStatusCode.OK);

        await (await second.GetAsync("/user/me", token)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await first.GetAsync("/user/me", token)).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}
