using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Search;

/// <summary>Search on the production stack: the projection in PostgreSQL (schema 003), written by the chatrooms.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SearchClusterTests
{
    [Fact]
    public async Task Turns_are_searchable_through_any_gateway_a_deleted_chatroom_leaves_the_table_and_reindex_rebuilds_it()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 2, gateways: 2);
        var (first, _, token) = await rig.SignInAsync();
        var second = rig.Client(1);
        var (_, stranger) = await first.NewSessionAsync();
        var kept = await first.CreateChatroomAsync(token, "Recipes");
        await first.ChatAsync(token, kept, "how long to bake sourdough bread?");
        var doomed = await first.CreateChatroomAsync(token, "Doomed");
        await first.ChatAsync(token, doomed, "sourdough starter feeding");
        await first.ChatAsync(stranger, await first.CreateChatroomAsync(stranger, "Theirs"), "sourdough for strangers");

        Assert.Equal(new[] { kept, doomed }.Order(), (await ChatroomsFoundAsync(second, token, "sourdough")).Order());

        await (await second.SendAsync(HttpMethod.Delete, $"/chatroom/{doomed}", null, token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([kept], await ChatroomsFoundAsync(first, token, "sourdough"));
        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        Assert.Equal(0L, await database.CountAsync("SELECT count(*) FROM chat_search WHERE chatroom_id = $1", doomed));

        // The projection lost (and polluted): reindex rebuilds it from the chatrooms and drops rows of none.
        await ExecuteAsync(database, "DELETE FROM chat_search");
        await ExecuteAsync(database, """
            INSERT INTO chat_search (chatroom_id, sequence, version, owner_id, role, at, body, document)
            VALUES ('no-such-room', 0, 0, 'nobody', 0, now(), 'sourdough', 'sourdough'::tsvector)
            """);
        Assert.Empty(await ChatroomsFoundAsync(first, token, "sourdough"));

        var (exitCode, output) = await rig.RunSiloCommandAsync("reindex", TimeSpan.FromSeconds(90));

        Assert.True(exitCode == 0, output);
        Assert.Equal([kept], await ChatroomsFoundAsync(second, token, "sourdough bake"));
        Assert.Equal(0L, await database.CountAsync("SELECT count(*) FROM chat_search WHERE chatroom_id = 'no-such-room'"));
        // Both chatrooms left (the user's and the stranger's): their titles and two messages each.
        Assert.Equal(6L, await database.CountAsync("SELECT count(*) FROM chat_search"));
    }

    [Fact]
    public async Task A_turn_the_index_missed_is_made_up_by_the_next_turn_and_the_turn_itself_never_fails()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 1, gateways: 1);
        var (api, _, token) = await rig.SignInAsync();
        var room = await api.CreateChatroomAsync(token, "Zoo");
        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();

        await ExecuteAsync(database, "ALTER TABLE chat_search RENAME TO chat_search_away");
        await api.ChatAsync(token, room, "quokka facts please");
        await ExecuteAsync(database, "ALTER TABLE chat_search_away RENAME TO chat_search");
        Assert.Empty(await ChatroomsFoundAsync(api, token, "quokka"));

        await api.ChatAsync(token, room, "and wombats?");

        Assert.Equal([room], await ChatroomsFoundAsync(api, token, "quokka"));
        Assert.Equal(5L, await database.CountAsync("SELECT count(*) FROM chat_search WHERE chatroom_id = $1", room));
    }

    private static async Task<List<string>> ChatroomsFoundAsync(ApiClient api, string token, string query)
    {
        var data = (await (await api.GetAsync($"/chatroom/search?q={Uri.EscapeDataString(query)}", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        return [.. data["results"]!.AsArray().Select(r => r!["chatroomId"]!.GetValue<string>())];
    }

    private static async Task ExecuteAsync(NpgsqlConnection database, string sql)
    {
        await using var command = new NpgsqlCommand(sql, database);
        await command.ExecuteNonQueryAsync();
    }
}
