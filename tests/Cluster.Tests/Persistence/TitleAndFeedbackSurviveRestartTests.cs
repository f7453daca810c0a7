using System.Net;
using System.Net.Http.Json;
using GeminiClone.Cluster.Tests.Infrastructure;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Persistence;

/// <summary>On the production stack: a title the model made, a rating and the operators' day count live in PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TitleAndFeedbackSurviveRestartTests
{
    [Fact]
    public async Task A_generated_title_a_rating_and_its_day_count_are_stored_in_postgresql_and_survive_a_redeploy()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 1, gateways: 1);
        var (api, _, token) = await rig.SignInAsync();
        var room = await api.CreateChatroomAsync(token);
        await api.ChatAsync(token, room, "what should I pack for Ladakh? [[title:Packing for Ladakh]]");
        await Eventually.HoldsAsync(async () =>
            (await (await api.GetAsync($"/chatroom/{room}/title", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["title"]!.GetValue<string>()
                == "Packing for Ladakh", TimeSpan.FromSeconds(30));
        var rated = await api.SendAsync(HttpMethod.Put, $"/chatroom/{room}/messages/1/feedback", JsonContent.Create(new { rating = "up" }), token);
        await rated.ReadJsonAsync(HttpStatusCode.OK);

        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        await using var days = new NpgsqlCommand("SELECT count(*) FROM grain_state WHERE grain_type = 'feedback-day'", database);
        var dayRows = (long)(await days.ExecuteScalarAsync())!;
        await rig.RedeployAsync(silos: 1, gateways: 1);
        var after = await rig.Client(0).GetChatroomAsync(token, room);

        Assert.True(dayRows >= 1, rig.Diagnostics);
        Assert.Equal("Packing for Ladakh", after["title"]!.GetValue<string>());
        Assert.Equal("up", after["messages"]![1]!["feedback"]!["rating"]!.GetValue<string>());
    }
}
