using System.Net;
using System.Net.Http.Json;
using GeminiClone.Cluster.Tests.Infrastructure;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Users;

/// <summary>Preferences and Gems on the production stack: their own storage provider, in PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PreferencesClusterTests
{
    [Fact]
    public async Task Preferences_and_gems_are_stored_in_postgresql_survive_a_redeployment_and_go_with_the_account()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 1, gateways: 1);
        var (api, user, token) = await rig.SignInAsync();
        await (await api.SendAsync(HttpMethod.Put, "/user/preferences", JsonContent.Create(new { instructions = "Call me Asha." }), token))
            .ReadJsonAsync(HttpStatusCode.OK);
        var gem = (await (await api.PostJsonAsync("/gems", new { name = "Editor", instructions = "Tighten my prose." }, token))
            .ReadJsonAsync(HttpStatusCode.Created))["data"]!;
        var room = (await (await api.PostJsonAsync("/chatroom", new { gemId = gem["id"]!.GetValue<string>() }, token))
            .ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
        var preferences = await ReadAsync(api, "/user/preferences", token);
        var gems = await ReadAsync(api, "/gems", token);
        Assert.Equal(2L, await StoredRecordsAsync(rig));

        await rig.RedeployAsync(silos: 1, gateways: 1);
        var client = rig.Client(0);
        await client.ChatAsync(token, room, "after the redeployment");

        Assert.Equal(preferences, await ReadAsync(client, "/user/preferences", token));
        Assert.Equal(gems, await ReadAsync(client, "/gems", token));
        Assert.Equal("Call me Asha.\n\nTighten my prose.", rig.Gemini.Requests.Containing("after the redeployment").Single().SystemInstruction);

        var deleted = await client.SendAsync(HttpMethod.Delete, "/user/me", JsonContent.Create(new { password = user.Password }), token);
        Assert.True(deleted.StatusCode == HttpStatusCode.NoContent, $"{deleted.StatusCode}: {await deleted.Content.ReadAsStringAsync()}\n{rig.Diagnostics}");
        Assert.Equal(0L, await StoredRecordsAsync(rig));
    }

    private static async Task<string> ReadAsync(ApiClient api, string path, string token) =>
        (await (await api.GetAsync(path, token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.ToJsonString();

    /// <summary>The preferences grain's records in the deployment's own database (its one user's).</summary>
    private static async Task<long> StoredRecordsAsync(ClusterRig rig)
    {
        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM grain_state WHERE grain_type IN ('userPreferences', 'userGems') AND payload IS NOT NULL", database);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
