using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Chatrooms;

/// <summary>Retention on the production stack: one durable reminder per chatroom in PostgreSQL's reminder table.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RetentionTests
{
    [Fact]
    public async Task Turning_retention_on_schedules_every_stored_chatroom_and_a_deleted_one_takes_its_reminder_along()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 1, gateways: 1);
        var (api, _, token) = await rig.SignInAsync();
        var kept = await api.CreateChatroomAsync(token, "kept");
        await api.ChatAsync(token, kept, "hello");
        var deleted = await api.CreateChatroomAsync(token, "deleted");
        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        Assert.Empty(await RetentionRemindersAsync(database));

        // A new deployment with retention on: the chatrooms stored before are scheduled by the silo command.
        await rig.RedeployAsync(silos: 1, gateways: 1, new Dictionary<string, string> { ["Chat__RetentionDays"] = "30" });
        var (exitCode, output) = await rig.RunSiloCommandAsync("schedule-retention", TimeSpan.FromSeconds(90));

        Assert.True(exitCode == 0, output);
        Assert.Equal(new[] { kept, deleted }.Order(), (await RetentionRemindersAsync(database)).Order());

        await (await rig.Client(0).SendAsync(HttpMethod.Delete, $"/chatroom/{deleted}", null, token)).ReadJsonAsync(HttpStatusCode.OK);
        // Removed beside the deleted chatroom's requests, so just after the deletion answers.
        await Eventually.HoldsAsync(async () => (await RetentionRemindersAsync(database)).SequenceEqual([kept]), TimeSpan.FromSeconds(30));
    }

    /// <summary>The chatrooms that have a retention reminder (a grain id is <c>chatroom/{id}</c>).</summary>
    private static async Task<List<string>> RetentionRemindersAsync(NpgsqlConnection database)
    {
        await using var command = new NpgsqlCommand("SELECT grain_id FROM reminder WHERE reminder_name = 'retention'", database);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0).Split('/', 2)[1]);
        }

        return ids;
    }
}
