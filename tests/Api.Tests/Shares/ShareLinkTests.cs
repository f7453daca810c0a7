using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace GeminiClone.Api.Tests.Shares;

/// <summary>Share links, through real HTTP: made by the owner, read by anyone with the link, revoked at once.</summary>
public sealed partial class ShareLinkTests(ShareFixture fixture) : IClassFixture<ShareFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_link_shows_the_conversation_as_it_was_to_anyone_without_a_token_until_it_is_revoked()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "Trip to Goa");
        await _api.ChatAsync(token, room, "Plan three days in Goa");

        var share = await _api.ShareAsync(token, room);
        await _api.ChatAsync(token, room, "And a packing list?");

        Assert.Equal(["createdAt", "id", "messageCount", "url"], share.Members());
        Assert.Equal(2, share["messageCount"]!.GetValue<int>());
        Assert.Equal($"{ShareFixture.PublicBase}/shared/{share.Id()}", share["url"]!.GetValue<string>());
        using var read = await _api.ReadSharedAsync(share.Id());
        var body = await read.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("public, max-age=60", read.Headers.CacheControl?.ToString());
        Assert.Equal("noindex", read.Headers.GetValues("X-Robots-Tag").Single());
        var shared = body["data"]!;
        Assert.Equal("Trip to Goa", shared["title"]!.GetValue<string>());
        Assert.Equal([("User", "Plan three days in Goa"), ("AI", "Reply #1: Plan three days in Goa")], shared.Messages());
        Assert.Equal(share["createdAt"]!.GetValue<DateTime>(), shared["createdAt"]!.GetValue<DateTime>());
        var listed = (await (await _api.GetAsync($"/chatroom/{room}/shares", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray();
        Assert.Equal(share.ToJsonString(), Assert.Single(listed)!.ToJsonString());

        using var revoked = await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{room}/shares/{share.Id()}", null, token);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var gone = await _api.ReadSharedAsync(share.Id());
        await gone.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("no-store", gone.Headers.CacheControl?.ToString());
        Assert.Empty((await (await _api.GetAsync($"/chatroom/{room}/shares", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray());
        await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{room}/shares/{share.Id()}", null, token)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_public_body_has_exactly_the_conversation_and_nothing_of_the_user_their_session_or_the_models_thoughts()
    {
        var (user, token) = await _api.NewSessionAsync();
        var created = await _api.PostJsonAsync("/chatroom", new { title = "Sky colours", includeThoughts = true }, token);
        var room = (await created.ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
        var answer = await (await _api.SendMessageAsync(token, room, "Why is the sky blue?")).ReadJsonAsync(HttpStatusCode.OK);
        var thoughts = answer["reply"]!["thoughts"]!.GetValue<string>();
        var share = await _api.ShareAsync(token, room);

        using var read = await _api.ReadSharedAsync(share.Id());
        var text = await read.Content.ReadAsStringAsync();

        var body = JsonNode.Parse(text)!;
        Assert.Equal(["data", "message", "success"], body.Members());
        Assert.Equal(["createdAt", "messages", "title"], body["data"].Members());
        Assert.All(body["data"]!["messages"]!.AsArray(), m => Assert.Equal(["role", "text", "timestamp"], m.Members()));
        Assert.NotEmpty(thoughts);
        Assert.DoesNotContain(thoughts, text);
        foreach (var secret in new[] { user.Id, room, token, "+91", user.MobileNumber, "thought", "usage", "turnId", "model", "userId", "session" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Link_ids_are_24_distinct_url_safe_characters_and_a_chatroom_takes_only_so_many()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var ids = new List<string>();

        for (var i = 0; i < ShareFixture.MaxLinks; i++)
        {
            ids.Add((await _api.ShareAsync(token, room)).Id());
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(Base64UrlId(), id));
        // 24 base64url characters are 144 bits; over the ids drawn, every one of the 64 symbols turns up somewhere.
        Assert.True(ids.SelectMany(id => id).Distinct().Count() > 48, string.Join(' ', ids));
        var refused = await _api.SendAsync(HttpMethod.Post, $"/chatroom/{room}/shares", null, token);
        await refused.ReadProblemAsync(HttpStatusCode.Conflict);
        await _api.RevokeAsync(token, room, ids[0]);
        await _api.ShareAsync(token, room);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAA.")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAA%20")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Zm9vYmFyYmF6cXV4cXV1eHh4")]
    public async Task A_link_id_that_is_malformed_or_unknown_is_a_404_problem_that_no_cache_keeps(string shareId)
    {
        var (_, token) = await _api.NewSessionAsync();

        foreach (var path in new[] { $"/shared/{shareId}", $"/shared/{shareId}/attachments/0195c3a0-0000-7000-8000-000000000000" })
        {
            using var response = await _api.GetAsync(path);
            await response.ReadProblemAsync(HttpStatusCode.NotFound);
        }

        await (await _api.ContinueAsync(token, shareId)).ReadProblemAsync(HttpStatusCode.NotFound);
        var room = await _api.CreateChatroomAsync(token);
        await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{room}/shares/{shareId}", null, token)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_users_chatroom_and_links_are_404_as_if_they_did_not_exist()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        var theirs = await _api.CreateChatroomAsync(owner);
        var mine = await _api.CreateChatroomAsync(stranger);
        var share = await _api.ShareAsync(owner, theirs);

        await (await _api.SendAsync(HttpMethod.Post, $"/chatroom/{theirs}/shares", null, stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.GetAsync($"/chatroom/{theirs}/shares", stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{theirs}/shares/{share.Id()}", null, stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{mine}/shares/{share.Id()}", null, stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendAsync(HttpMethod.Post, $"/chatroom/{theirs}/shares", null, null)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await _api.SharedAsync(share.Id());
    }

    [Fact]
    public async Task A_temporary_chat_is_never_shared_and_no_link_is_made()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateTemporaryChatroomAsync(token, "Off the record");
        await _api.ChatAsync(token, room, "Just between us");

        var refused = await (await _api.SendAsync(HttpMethod.Post, $"/chatroom/{room}/shares", null, token))
            .ReadProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("temporary", refused["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        var links = await (await _api.GetAsync($"/chatroom/{room}/shares", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Empty(links["data"]!.AsArray());
    }

    [Fact]
    public async Task A_turn_running_when_the_link_is_made_is_not_in_it_and_does_not_hold_it_up()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        await _api.ChatAsync(token, room, "first question");
        // About 9 s of answer, so it is surely still running when the link is made.
        var slow = "a long answer " + string.Join(' ', Enumerable.Range(1, 30).Select(i => $"w{i}")) + " [[chunks:30]] [[chunk-interval:300]]";
        using var stream = new SseReader(await _api.StreamAsync(token, room, slow));
        while ((await stream.NextAsync())?.Event is { } first && first != "delta")
        {
            Assert.NotEqual("done", first);
        }

        var share = await _api.ShareAsync(token, room);
        var rest = await stream.RestAsync();

        Assert.Equal(2, share["messageCount"]!.GetValue<int>());
        Assert.Equal("done", rest[^1].Event);
        Assert.Equal(4, (await _api.GetChatroomAsync(token, room))["messages"]!.AsArray().Count);
        Assert.Equal([("User", "first question"), ("AI", "Reply #1: first question")], (await _api.SharedAsync(share.Id())).Messages());
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{24}$")]
    private static partial Regex Base64UrlId();
}
