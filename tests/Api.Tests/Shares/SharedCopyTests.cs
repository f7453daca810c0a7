using System.Net;
using GeminiClone.Api.Tests.Chatrooms;

namespace GeminiClone.Api.Tests.Shares;

/// <summary>
/// What a link opens besides the text: the files the snapshot shows, a copy of one's own to carry on (which Gemini
/// then sees as history), and what ends a link: its chatroom's or its owner's deletion.
/// </summary>
public sealed class SharedCopyTests(ShareFixture fixture) : IClassFixture<ShareFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task The_files_a_snapshot_shows_are_served_to_anyone_with_the_link_and_no_others()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await ImageTests.DrawingChatroomAsync(_api, token);
        var png = TestFiles.Png(16, 16);
        var sent = await UploadedAsync(token, room, png, "cat.png");
        var reply = (await (await _api.PostJsonAsync($"/chatroom/{room}/message", new { message = "Draw this cat", attachments = new[] { sent } }, token))
            .ReadJsonAsync(HttpStatusCode.OK))["reply"]!;
        var image = reply["images"]![0]!["attachmentId"]!.GetValue<string>();
        var pending = await UploadedAsync(token, room, TestFiles.Png(17, 17), "later.png");

        var share = await _api.ShareAsync(token, room);

        var messages = (await _api.SharedAsync(share.Id()))["messages"]!.AsArray();
        Assert.Equal(["attachments", "role", "text", "timestamp"], messages[0].Members());
        Assert.Equal(["images", "role", "text", "timestamp"], messages[1].Members());
        Assert.Equal(sent, messages[0]!["attachments"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(image, messages[1]!["images"]![0]!["attachmentId"]!.GetValue<string>());
        using var file = await _api.ReadSharedAsync(share.Id(), $"/attachments/{sent}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(("image/png", "public, max-age=60"), (file.Content.Headers.ContentType?.MediaType, file.Headers.CacheControl?.ToString()));
        Assert.Equal("noindex", file.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Equal(png, await file.Content.ReadAsByteArrayAsync());
        using var drawn = await _api.ReadSharedAsync(share.Id(), $"/attachments/{image}");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await drawn.Content.ReadAsByteArrayAsync())[..4]);
        using var notShown = await _api.ReadSharedAsync(share.Id(), $"/attachments/{pending}");
        await notShown.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("no-store", notShown.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Continuing_copies_the_snapshot_into_a_chatroom_of_ones_own_whose_next_turn_sends_it_to_Gemini_as_history()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (reader, token) = await _api.NewSessionAsync();
        var room = await ImageTests.DrawingChatroomAsync(_api, owner);
        var asked = $"Draw a red kite {Guid.NewGuid():N}";
        var reply = (await (await ImageTests.DrawAsync(_api, owner, room, asked)).ReadJsonAsync(HttpStatusCode.OK))["reply"]!;
        var original = reply["images"]![0]!["attachmentId"]!.GetValue<string>();
        var picture = await (await _api.GetAsync($"/chatroom/{room}/attachments/{original}", owner)).Content.ReadAsByteArrayAsync();
        var share = await _api.ShareAsync(owner, room);

        using var created = await _api.ContinueAsync(token, share.Id());

        var copy = (await created.ReadJsonAsync(HttpStatusCode.Created))["data"]!;
        var copyId = copy["id"]!.GetValue<string>();
        Assert.Equal($"/chatroom/{copyId}", created.Headers.Location?.OriginalString);
        Assert.Equal((reader.Id, "New chat"), (copy["userId"]!.GetValue<string>(), copy["title"]!.GetValue<string>()));
        Assert.Equal([("User", asked), ("AI", reply["text"]!.GetValue<string>())], copy.Messages());
        var copied = copy["messages"]![1]!["images"]![0]!["attachmentId"]!.GetValue<string>();
        Assert.NotEqual(original, copied);
        Assert.True(Assert.Single(copy["attachments"]!.AsArray())!["sent"]!.GetValue<bool>());
        Assert.Equal(picture, await (await _api.GetAsync($"/chatroom/{copyId}/attachments/{copied}", token)).Content.ReadAsByteArrayAsync());
        await (await _api.GetAsync($"/chatroom/{copyId}", owner)).ReadProblemAsync(HttpStatusCode.NotFound);

        var next = $"Make it blue {Guid.NewGuid():N}";
        await _api.ChatAsync(token, copyId, next);

        var sent = fixture.Gemini.Requests.Containing(next).Single();
        Assert.Equal([("user", asked), ("model", reply["text"]!.GetValue<string>()), ("user", next)], sent.Turns);
        Assert.Equal(picture, Assert.Single(sent.InlineData, d => d.Role == "model").Bytes);
        // The sharer's thought signatures (their hidden reasoning) stay with the sharer.
        Assert.Empty(sent.ModelTurns.SelectMany(t => t.Signatures));
        var usage = (await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["usage"]!;
        Assert.Equal(1, usage["used"]!.GetValue<int>());

        // The original going revokes the link, and leaves the copy's files where they are.
        await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{room}", null, owner)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.ReadSharedAsync(share.Id())).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(picture, await (await _api.GetAsync($"/chatroom/{copyId}/attachments/{copied}", token)).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_long_conversation_is_copied_whole_and_in_order_across_its_pages()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(owner, "Long one");
        for (var i = 0; i < 55; i++)
        {
            await _api.ChatAsync(owner, room, $"question {i}");
        }

        var share = await _api.ShareAsync(owner, room);
        var copy = (await (await _api.ContinueAsync(token, share.Id())).ReadJsonAsync(HttpStatusCode.Created))["data"]!;
        var copyId = copy["id"]!.GetValue<string>();

        Assert.Equal(110, share["messageCount"]!.GetValue<int>());
        Assert.Equal(110, copy["paging"]!["totalMessages"]!.GetValue<int>());
        var originalMessages = (await _api.GetChatroomAsync(owner, room, "?limit=500")).Messages();
        var copiedMessages = (await _api.GetChatroomAsync(token, copyId, "?limit=500")).Messages();
        Assert.Equal(originalMessages, copiedMessages);
        Assert.Equal(originalMessages, (await _api.SharedAsync(share.Id())).Messages());
        var next = $"one more {Guid.NewGuid():N}";
        await _api.ChatAsync(token, copyId, next);
        var history = fixture.Gemini.Requests.Containing(next).Single().Turns;
        Assert.Equal([.. originalMessages.TakeLast(history.Count - 1).Select(m => m.Text)], history.SkipLast(1).Select(t => t.Text));
    }

    [Fact]
    public async Task A_copy_counts_against_the_callers_chatrooms_and_needs_a_signed_in_caller_and_a_live_link()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (_, token) = await _api.NewSessionAsync();
        var share = await _api.ShareAsync(owner, await _api.CreateChatroomAsync(owner));
        for (var i = 0; i < ShareFixture.MaxChatrooms; i++)
        {
            await _api.CreateChatroomAsync(token);
        }

        await (await _api.ContinueAsync(token, share.Id())).ReadProblemAsync(HttpStatusCode.Conflict);
        await (await _api.ContinueAsync(token, "Zm9vYmFyYmF6cXV4cXV1eHh4")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendAsync(HttpMethod.Post, $"/shared/{share.Id()}/continue", null, null)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(ShareFixture.MaxChatrooms, (await (await _api.GetAsync("/chatroom", token)).ReadJsonAsync(HttpStatusCode.OK))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleting_the_chatroom_revokes_its_links_and_their_files()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var sent = await UploadedAsync(token, room, TestFiles.Png(20, 20), "gone.png");
        await (await _api.PostJsonAsync($"/chatroom/{room}/message", new { message = "look", attachments = new[] { sent } }, token)).ReadJsonAsync(HttpStatusCode.OK);
        var share = await _api.ShareAsync(token, room);
        Assert.Equal(HttpStatusCode.OK, (await _api.ReadSharedAsync(share.Id(), $"/attachments/{sent}")).StatusCode);

        await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{room}", null, token)).ReadJsonAsync(HttpStatusCode.OK);

        await (await _api.ReadSharedAsync(share.Id())).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.ReadSharedAsync(share.Id(), $"/attachments/{sent}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.GetAsync($"/chatroom/{room}/shares", token)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_the_account_revokes_every_link_it_made()
    {
        var (user, token) = await _api.NewSessionAsync();
        var first = await _api.ShareAsync(token, await _api.CreateChatroomAsync(token));
        var second = await _api.ShareAsync(token, await _api.CreateChatroomAsync(token));

        using var deleted = await _api.SendAsync(HttpMethod.Delete, "/user/me", System.Net.Http.Json.JsonContent.Create(new { password = user.Password }), token);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await _api.ReadSharedAsync(first.Id())).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.ReadSharedAsync(second.Id())).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_export_lists_the_users_live_links_with_their_chatrooms()
    {
        var (_, token) = await _api.NewSessionAsync();
        var (a, b) = (await _api.CreateChatroomAsync(token, "a"), await _api.CreateChatroomAsync(token, "b"));
        var kept = await _api.ShareAsync(token, a);
        var revoked = await _api.ShareAsync(token, a);
        var other = await _api.ShareAsync(token, b);
        await _api.RevokeAsync(token, a, revoked.Id());

        var export = await (await _api.GetAsync("/user/export", token)).ReadJsonAsync(HttpStatusCode.OK);

        var shares = export["shares"]!.AsArray();
        Assert.All(shares, s => Assert.Equal(["chatroomId", "createdAt", "id", "messageCount", "url"], s.Members()));
        Assert.Equal(
            new[] { (other.Id(), b), (kept.Id(), a) },
            shares.Select(s => (s!["id"]!.GetValue<string>(), s["chatroomId"]!.GetValue<string>())).OrderBy(s => s.Item2 == a));
        Assert.All(shares, s => Assert.Equal($"{ShareFixture.PublicBase}/shared/{s!["id"]!.GetValue<string>()}", s["url"]!.GetValue<string>()));
    }

    private async Task<string> UploadedAsync(string token, string room, byte[] png, string name) =>
        (await (await _api.UploadAsync(token, room, png, name, "image/png")).ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
}
