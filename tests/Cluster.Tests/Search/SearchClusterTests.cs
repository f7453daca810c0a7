using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Search;

/// <summary>Search on the production stack: the projection in PostgreSQL (schema 003), written by the chatrooms.</summary>
[Collection(SharedRigCollection.Name)]
public sealed class SearchClusterTests(SharedRig shared)
{
    [Fact]
    public async Task Turns_are_searchable_through_any_gateway_a_deleted_chatroom_leaves_the_table_and_reindex_rebuilds_it()
    {
        var rig = shared.Rig;
        var (first, _, token) = await rig.SignInAsync();
        var second = rig.Client(1);
        var (_, stranger) = await first.NewSessionAsync();
        var kept = await first.CreateChatroomAsync(token, "Recipes");
        await first.ChatAsync(token, kept, "how long to bake sourdough bread?");
        var doomed = await first.CreateChatroomAsync(token, "Doomed");
        await first.ChatAsync(token, doomed, "sourdough starter feeding");
        var theirs = await first.CreateChatroomAsync(stranger, "Theirs");
        await first.ChatAsync(stranger, theirs, "sourdough for strangers");

        Assert.Equal(new[] { kept, doomed }.Order(), (await ChatroomsFoundAsync(second, token, "sourdough")).Order());

        await (await second.SendAsync(HttpMethod.Delete, $"/chatroom/{doomed}", null, token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([kept], await ChatroomsFoundAsync(first, token, "sourdough"));
        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        Assert.Equal(0L, await database.CountAsync("SELECT count(*) FROM chat_search WHERE chatroom_id = $1", doomed));

        // The projection lost (this test's rows: the shared rig's other rows are other tests') and polluted with a
        // row of no chatroom: reindex rebuilds it from the chatrooms and drops rows of none.
        var nowhere = $"no-such-room-{Guid.NewGuid():N}";
        await using (var lose = new NpgsqlCommand("DELETE FROM chat_search WHERE chatroom_id = ANY($1)", database))
        {
            lose.Parameters.Add(new NpgsqlParameter { Value = new[] { kept, theirs } });
            await lose.ExecuteNonQueryAsync();
        }

        await using (var pollute = new NpgsqlCommand("""
            INSERT INTO chat_search (chatroom_id, sequence, version, owner_id, role, at, body, document)
            VALUES ($1, 0, 0, 'nobody', 0, now(), 'sourdough', 'sourdough'::tsvector)
            """, database))
        {
            pollute.Parameters.Add(new NpgsqlParameter { Value = nowhere });
            await pollute.ExecuteNonQueryAsync();
        }

        Assert.Empty(await ChatroomsFoundAsync(first, token, "sourdough"));

        var (exitCode, output) = await rig.RunSiloCommandAsync("reindex", TimeSpan.FromSeconds(90));

        Assert.True(exitCode == 0, output);
        Assert.Equal([kept], await ChatroomsFoundAsync(second, token, "sourdough bake"));
        Assert.Equal(0L, await database.CountAsync("SELECT count(*) FROM chat_search WHERE chatroom_id = $1", nowhere));
        Assert.Equal(0L, await database.CountAsync("SELECT count(*) FROM chat_search WHERE chatroom_id = $1", doomed));
        // Both chatrooms left (the user's and the stranger's): their titles and two messages each.
        Assert.Equal(3L, await database.CountAsync("SELECT count(*) FROM chat_search WHERE chatroom_id = $1", kept));
        Assert.Equal(3L, await database.CountAsync("SELECT count(*) FROM chat_search WHERE chatroom_id = $1", theirs));
    }

    internal static async Task<List<string>> ChatroomsFoundAsync(ApiClient api, string token, string query)
    {
        var data = (await (await api.GetAsync($"/chatroom/search?q={Uri.EscapeDataString(query)}", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        return [.. data["results"]!.AsArray().Select(r => r!["chatroomId"]!.GetValue<string>())];
    }
}
