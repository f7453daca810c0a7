using System.Net;
using System.Net.Http.Json;
using GeminiClone.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>PUT and DELETE /chatroom/:id/messages/:seq/feedback: an answer's rating, on the message wherever it is stored.</summary>
public sealed class FeedbackTests(LongChatFixture fixture) : IClassFixture<LongChatFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task An_answer_is_rated_up_then_down_with_a_reason_and_comment_then_cleared()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "rated");
        await _api.ChatAsync(token, room, "how far is the moon?");

        var up = await (await RateAsync(token, room, 1, new { rating = "up" })).ReadJsonAsync(HttpStatusCode.OK);
        var down = await (await RateAsync(token, room, 1, new { rating = "down", reason = "too_long", comment = "  Too wordy.  " })).ReadJsonAsync(HttpStatusCode.OK);
        var shown = (await _api.GetChatroomAsync(token, room))["messages"]![1]!["feedback"]!;
        using var cleared = await ClearAsync(token, room, 1);
        var after = (await _api.GetChatroomAsync(token, room))["messages"]![1]!;

        Assert.Equal("up", up["data"]!["feedback"]!["rating"]!.GetValue<string>());
        Assert.Null(up["data"]!["feedback"]!["reason"]);
        Assert.Equal("Reply #1: how far is the moon?", up["data"]!["text"]!.GetValue<string>());
        Assert.Equal(("down", "too_long", "Too wordy."), (
            down["data"]!["feedback"]!["rating"]!.GetValue<string>(), down["data"]!["feedback"]!["reason"]!.GetValue<string>(),
            down["data"]!["feedback"]!["comment"]!.GetValue<string>()));
        Assert.Equal(down["data"]!["feedback"]!.ToJsonString(), shown.ToJsonString());
        Assert.True(shown["at"]!.GetValue<DateTime>() > DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Null(after["feedback"]);
        // Clearing what is not there is no error either.
        using var again = await ClearAsync(token, room, 1);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    [Theory]
    [InlineData("""{"rating":"sideways"}""", "rating")]
    [InlineData("""{"reason":"other"}""", "rating")]
    [InlineData("""{"rating":"down","reason":"boring"}""", "reason")]
    [InlineData("""{"rating":"down","reason":"Inaccurate"}""", "reason")]
    public async Task A_bad_rating_or_reason_is_400_naming_the_field(string body, string field)
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "rated");
        await _api.ChatAsync(token, room, "hello");

        var problem = await (await PutRawAsync(token, room, 1, body)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
        Assert.Null((await _api.GetChatroomAsync(token, room))["messages"]![1]!["feedback"]);
    }

    [Fact]
    public async Task Every_documented_reason_is_taken_and_a_comment_may_have_1000_characters_not_1001()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "reasons");
        await _api.ChatAsync(token, room, "hello");

        foreach (var reason in new[] { "inaccurate", "not_helpful", "harmful", "outdated", "too_long", "too_short", "other" })
        {
            await (await RateAsync(token, room, 1, new { rating = "down", reason })).ReadJsonAsync(HttpStatusCode.OK);
        }

        var longest = await RateAsync(token, room, 1, new { rating = "up", comment = new string('é', 1000) });
        var tooLong = await RateAsync(token, room, 1, new { rating = "up", comment = new string('a', 1001) });

        Assert.Equal(1000, (await longest.ReadJsonAsync(HttpStatusCode.OK))["data"]!["feedback"]!["comment"]!.GetValue<string>().Length);
        Assert.NotNull((await tooLong.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["comment"]);
    }

    [Fact]
    public async Task A_user_message_is_422_and_a_missing_message_or_another_users_chatroom_is_404()
    {
        var (_, token) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "mine");
        var theirs = await _api.CreateChatroomAsync(stranger, "theirs");
        await _api.ChatAsync(token, room, "hello");
        await _api.ChatAsync(stranger, theirs, "hello");

        var userMessage = await (await RateAsync(token, room, 0, new { rating = "up" })).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await RateAsync(token, room, 2, new { rating = "up" })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await RateAsync(token, room, -1, new { rating = "up" })).ReadProblemAsync(HttpStatusCode.NotFound);
        var foreign = await (await RateAsync(token, theirs, 1, new { rating = "up" })).ReadProblemAsync(HttpStatusCode.NotFound);
        var missing = await (await RateAsync(token, Guid.NewGuid().ToString(), 1, new { rating = "up" })).ReadProblemAsync(HttpStatusCode.NotFound);
        using var foreignClear = await ClearAsync(token, theirs, 1);

        Assert.NotNull(userMessage["errors"]!["seq"]);
        Assert.Equal(missing.Message(), foreign.Message());
        await foreignClear.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Null((await _api.GetChatroomAsync(stranger, theirs))["messages"]![1]!["feedback"]);
    }

    [Fact]
    public async Task An_answer_in_a_sealed_page_is_rated_kept_after_the_chatroom_reloads_and_exported()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "long");
        // 51 turns: the first 50 messages are sealed into page 0, the rest in the chatroom's recent window.
        for (var turn = 0; turn < 51; turn++)
        {
            await _api.ChatAsync(token, room, $"turn {turn}");
        }

        var rated = await (await RateAsync(token, room, 3, new { rating = "down", reason = "outdated" })).ReadJsonAsync(HttpStatusCode.OK);
        await fixture.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var page = await _api.GetChatroomAsync(token, room, "?before=4&limit=4");
        var export = await (await _api.GetAsync("/user/export", token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Reply #2: turn 1", rated["data"]!["text"]!.GetValue<string>());
        Assert.Equal(102, page["paging"]!["totalMessages"]!.GetValue<int>());
        var message = page["messages"]![3]!;
        Assert.Equal(("down", "outdated"), (message["feedback"]!["rating"]!.GetValue<string>(), message["feedback"]!["reason"]!.GetValue<string>()));
        Assert.Null(page["messages"]![1]!["feedback"]);
        var exported = export["chatrooms"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == room)!["messages"]![3]!;
        Assert.Equal(message["feedback"]!.ToJsonString(), exported["feedback"]!.ToJsonString());
    }

    private Task<HttpResponseMessage> RateAsync(string token, string room, int seq, object body) =>
        _api.SendAsync(HttpMethod.Put, $"/chatroom/{room}/messages/{seq}/feedback", JsonContent.Create(body), token);

    private Task<HttpResponseMessage> PutRawAsync(string token, string room, int seq, string body) =>
        _api.SendAsync(HttpMethod.Put, $"/chatroom/{room}/messages/{seq}/feedback", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), token);

    private Task<HttpResponseMessage> ClearAsync(string token, string room, int seq) =>
        _api.SendAsync(HttpMethod.Delete, $"/chatroom/{room}/messages/{seq}/feedback", null, token);
}
