using GeminiClone.Cluster.Tests.Infrastructure;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Search;

/// <summary>The search table taken away under a running cluster (renamed, then back): a rig of its own.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SearchIndexOutageTests
{
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
        Assert.Empty(await SearchClusterTests.ChatroomsFoundAsync(api, token, "quokka"));

        await api.ChatAsync(token, room, "and wombats?");

        Assert.Equal([room], await SearchClusterTests.ChatroomsFoundAsync(api, token, "quokka"));
        Assert.Equal(5L, await database.CountAsync("SELECT count(*) FROM chat_search WHERE chatroom_id = $1", room));
    }

    private static async Task ExecuteAsync(NpgsqlConnection database, string sql)
    {
        await using var command = new NpgsqlCommand(sql, database);
        await command.ExecuteNonQueryAsync();
    }
}
