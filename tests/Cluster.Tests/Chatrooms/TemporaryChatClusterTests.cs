using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Chatrooms;

/// <summary>A temporary chat on the production stack: its reminder is a row in PostgreSQL's reminder table, so it outlives every process.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TemporaryChatClusterTests
{
    [Fact]
    public async Task A_temporary_chat_is_deleted_with_its_attachment_by_its_reminder_after_every_process_was_restarted()
    {
        // Retention stays off: only the temporary chat has a reminder, and only it goes. The lifetime is far longer
        // than the few calls before every process is killed, so the chat outlives its first silo.
        var settings = new Dictionary<string, string>
        {
            ["Chat__TemporaryChatLifetime"] = "00:00:20",
            // The line that says which silo deleted it (test processes log warnings only).
            ["Logging__LogLevel__GeminiClone.Grains.Chatrooms.ChatroomGrain"] = "Information",
        };
        await using var rig = await ClusterRig.StartAsync(silos: 1, gateways: 1, settings);
        var (api, _, token) = await rig.SignInAsync();
        var lasting = await api.CreateChatroomAsync(token, "lasting");
        var temporary = await api.CreateTemporaryChatroomAsync(token, "gone after a restart");
        var attachment = (await (await api.UploadAsync(token, temporary, TestFiles.Png(11, 5), "note.png", "image/png"))
            .ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        // Registered beside the creation's request, so just after it answers.
        await Eventually.HoldsAsync(async () => (await RemindersAsync(database)).SequenceEqual([temporary]), TimeSpan.FromSeconds(30));

        var firstSilo = rig.Silos[0];
        await rig.RedeployAsync(silos: 1, gateways: 1);
        var client = rig.Client(0);
        await Eventually.HoldsAsync(
            async () => (await client.GetAsync($"/chatroom/{temporary}", token)).StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(90));

        // The silo started after the restart is the one whose reminder deleted it.
        Assert.Contains($"Chatroom {temporary} (temporary: True) expired", rig.Silos[0].WholeOutput);
        Assert.DoesNotContain($"Chatroom {temporary} (temporary: True) expired", firstSilo.WholeOutput);
        await (await client.GetAsync($"/chatroom/{temporary}/attachments/{attachment}", token)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await client.ListChatroomsAsync(token, "?temporary=true")).Ids());
        Assert.Equal([lasting], (await client.ListChatroomsAsync(token)).Ids());
        // The chatroom answers 404 as soon as its record is gone; its reminder is unregistered a few steps later.
        await Eventually.HoldsAsync(async () => (await RemindersAsync(database)).Count == 0, TimeSpan.FromSeconds(30));
    }

    /// <summary>The chatrooms that have a retention reminder (a grain id is <c>chatroom/{id}</c>).</summary>
    private static async Task<List<string>> RemindersAsync(NpgsqlConnection database)
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
