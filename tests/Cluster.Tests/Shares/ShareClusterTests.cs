using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Shares;

/// <summary>Share links on the production stack: the snapshot in PostgreSQL, and a revocation every gateway honours at once.</summary>
[Collection(SharedRigCollection.Name)]
public sealed class ShareClusterTests(SharedRig shared)
{
    [Fact]
    public async Task A_link_revoked_through_one_gateway_is_a_404_through_another_at_once_and_its_snapshot_leaves_the_table()
    {
        var rig = shared.Rig;
        var (first, _, token) = await rig.SignInAsync();
        var second = rig.Client(1);
        var room = await first.CreateChatroomAsync(token, "shared across gateways");
        var created = await first.SendAsync(HttpMethod.Post, $"/chatroom/{room}/shares", null, token);
        var share = (await created.ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
        var before = (await (await second.GetAsync($"/shared/{share}")).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        Assert.Equal("shared across gateways", before["title"]!.GetValue<string>());
        Assert.Equal(1L, await SnapshotRowsAsync(rig, share));

        var revoked = await first.SendAsync(HttpMethod.Delete, $"/chatroom/{room}/shares/{share}", null, token);

        Assert.True(revoked.StatusCode == HttpStatusCode.NoContent, $"{revoked.StatusCode}\n{rig.Diagnostics}");
        var after = await second.GetAsync($"/shared/{share}");
        await after.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("no-store", after.Headers.CacheControl?.ToString());
        await (await first.GetAsync($"/shared/{share}")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await SnapshotRowsAsync(rig, share));
    }

    private static async Task<long> SnapshotRowsAsync(ClusterRig rig, string share)
    {
        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        await using var rows = new NpgsqlCommand("SELECT count(*) FROM grain_state WHERE grain_type = 'share' AND grain_id_string LIKE '%' || @share || '%'", database);
        rows.Parameters.AddWithValue("share", share);
        return (long)(await rows.ExecuteScalarAsync())!;
    }
}
