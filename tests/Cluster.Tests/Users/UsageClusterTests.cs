using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;

namespace GeminiClone.Cluster.Tests.Users;

/// <summary>A user's usage in production mode: written to PostgreSQL (storage <c>usage</c>) and read back by a new deployment.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UsageClusterTests
{
    [Fact]
    public async Task Usage_is_stored_in_postgresql_and_survives_killing_every_process()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 1, gateways: 1);
        var (api, _, token) = await rig.SignInAsync();
        var room = await api.CreateChatroomAsync(token, "counted");
        await api.ChatAsync(token, room, "first counted turn");
        await api.ChatAsync(token, room, "second counted turn");
        var before = await UsageAsync(api, token);

        await rig.RedeployAsync(silos: 1, gateways: 1);
        var after = await UsageAsync(rig.Client(0), token);

        Assert.Equal(2, before["totals"]!["turns"]!.GetValue<int>());
        Assert.True(before["totals"]!["inputTokens"]!.GetValue<long>() > 0);
        Assert.Equal(before["days"]!.ToJsonString(), after["days"]!.ToJsonString());
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> UsageAsync(ApiClient api, string token) =>
        (await (await api.GetAsync("/user/usage", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
}
