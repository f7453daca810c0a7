using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;
using GeminiClone.GeminiEmulator;

namespace GeminiClone.Cluster.Tests.Persistence;

[Collection(ClusterCollection.Name)]
public sealed class StateSurvivesRestartTests
{
    [Fact]
    public async Task Users_chatrooms_messages_and_thought_signatures_survive_killing_every_process()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 2, gateways: 1);
        var (api, user, token) = await rig.SignInAsync();
        var rooms = new List<string>();
        for (var r = 0; r < 3; r++)
        {
            var room = await api.CreateChatroomAsync(token, $"room {r}");
            await api.ChatAsync(token, room, $"hello from room {r}");
            rooms.Add(room);
        }

        await api.ChatAsync(token, rooms[0], "a second turn");
        var before = await SnapshotAsync(api, token, rooms);

        await rig.RedeployAsync(silos: 2, gateways: 1);
        var after = await SnapshotAsync(rig.Client(0), token, rooms);

        Assert.Equal(before, after);
        Assert.Contains("\"tier\":\"Basic\"", after[0]);
        Assert.Contains("Reply #2: a second turn", after[2]);
        var again = await rig.Client(0).SendOtpAsync(user.MobileNumber);
        Assert.Matches("^[0-9]{6}$", again);

        // A third turn in strict mode: Gemini 3 refuses it unless both earlier answers come back with their
        // signatures, which therefore went through PostgreSQL and a new deployment intact.
        var third = await rig.Client(0).ChatAsync(token, rooms[0], "a third turn [[strict]]");
        Assert.Equal("Reply #3: a third turn [[strict]]", third);
        var request = rig.Gemini.Requests.Containing("a third turn").Single();
        Assert.Equal(2, request.ModelTurns.Count);
        Assert.All(request.ModelTurns, turn => Assert.Contains(GeminiEmulatorApp.SignatureFor(turn.Text), turn.Signatures));
    }

    /// <summary>What a user can see: profile, chatroom list, each chatroom, quota; as JSON text to compare whole.</summary>
    private static async Task<List<string>> SnapshotAsync(ApiClient api, string token, IEnumerable<string> rooms)
    {
        var snapshot = new List<string>
        {
            (await (await api.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK)).ToJsonString(),
            (await (await api.GetAsync("/chatroom", token)).ReadJsonAsync(HttpStatusCode.OK)).ToJsonString(),
        };
        foreach (var room in rooms)
        {
            snapshot.Add((await api.GetChatroomAsync(token, room)).ToJsonString());
        }

        var usage = (await (await api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["usage"]!;
        snapshot.Add($"used={usage["used"]}");
        return snapshot;
    }
}
