using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Attachments;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>
/// Small limits, so the size tests stay small: 256 KiB per file and 200,000 bytes a day on Basic, 3 unsent files per
/// chatroom; exports carry attachments' bytes.
/// </summary>
public sealed class AttachmentFixture : ChatFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings, new("Attachments:BasicMaxBytes", "262144"), new("Attachments:MaxPendingPerChatroom", "3"),
        new("Export:Attachments", "Base64"), new("Attachments:BasicDailyBytes", "200000"),
    ];
}

/// <summary>POST/GET/DELETE /chatroom/:id/attachments through the real pipeline, on the embedded mode's memory store.</summary>
public sealed class AttachmentTests(AttachmentFixture fixture) : IClassFixture<AttachmentFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task An_image_is_stored_described_from_its_bytes_and_served_back_to_its_owner_with_ranges()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var png = TestFiles.Png(64, 48);

        using var response = await UploadAsync(token, room, png, "cat.png", "image/png");
        var data = (await response.ReadJsonAsync(HttpStatusCode.Created))["data"]!;

        Assert.Equal(("image/png", 64, 48, png.Length), (data["mediaType"]!.GetValue<string>(), data["width"]!.GetValue<int>(),
            data["height"]!.GetValue<int>(), data["size"]!.GetValue<int>()));
        Assert.Equal("cat.png", data["name"]!.GetValue<string>());
        Assert.False(data["sent"]!.GetValue<bool>());
        var path = $"/chatroom/{room}/attachments/{data["id"]!.GetValue<string>()}";
        Assert.Equal(path, response.Headers.Location?.OriginalString);

        using var download = await _api.GetAsync(path, token);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("cat.png", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("bytes", download.Headers.AcceptRanges.Single());

        using var range = new HttpRequestMessage(HttpMethod.Get, path);
        range.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        range.Headers.Range = new RangeHeaderValue(10, 19);
        using var partial = await _api.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(png[10..20], await partial.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Plain_text_pdf_and_gif_are_recognised_by_their_bytes()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);

        var text = await (await UploadAsync(token, room, Encoding.UTF8.GetBytes("नमस्ते, notes\nline two\n"), "notes.txt", "text/plain"))
            .ReadJsonAsync(HttpStatusCode.Created);
        var pdf = await (await UploadAsync(token, room, Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), "doc.pdf", null))
            .ReadJsonAsync(HttpStatusCode.Created);

        var gif = await (await UploadAsync(token, room, TestFiles.Gif1x1, "dot.gif", "image/gif")).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("text/plain", text["data"]!["mediaType"]!.GetValue<string>());
        Assert.Equal("application/pdf", pdf["data"]!["mediaType"]!.GetValue<string>());
        Assert.Equal(("image/gif", 1, 1), (gif["data"]!["mediaType"]!.GetValue<string>(), gif["data"]!["width"]!.GetValue<int>(), gif["data"]!["height"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("spoofed", HttpStatusCode.BadRequest, "but its bytes are image/png")]
    [InlineData("binary", HttpStatusCode.UnsupportedMediaType, "not a type we take")]
    [InlineData("bomb", HttpStatusCode.BadRequest, "50,000 × 50,000")]
    [InlineData("truncated", HttpStatusCode.BadRequest, "does not decode")]
    [InlineData("oversized", HttpStatusCode.RequestEntityTooLarge, "256 KB")]
    [InlineData("empty", HttpStatusCode.BadRequest, "empty")]
    public async Task A_file_that_lies_or_is_too_large_is_refused_with_a_problem_naming_it(string kind, HttpStatusCode status, string detail)
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var (bytes, type) = kind switch
        {
            "spoofed" => (TestFiles.Png(16, 16), "image/jpeg"),
            "binary" => (RandomNumberGenerator.GetBytes(2048), "application/octet-stream"),
            "bomb" => (TestFiles.PngDeclaring(50_000, 50_000), "image/png"),
            "truncated" => (TestFiles.TruncatedPng(300, 300), "image/png"),
            "oversized" => (Encoding.ASCII.GetBytes(new string('a', 300_000)), "text/plain"),
            _ => (Array.Empty<byte>(), "text/plain"),
        };

        var problem = await (await UploadAsync(token, room, bytes, $"{kind}.bin", type)).ReadProblemAsync(status);

        Assert.Contains($"{kind}.bin", problem["detail"]!.GetValue<string>());
        Assert.Contains(detail, problem["detail"]!.GetValue<string>());
        Assert.Empty(await AttachmentIdsAsync(token, room));
    }

    [Fact]
    public async Task Another_users_attachments_and_chatrooms_are_not_found()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(owner);
        var id = (await (await UploadAsync(owner, room, TestFiles.Png(8, 8), "a.png", "image/png")).ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!;

        await (await _api.GetAsync($"/chatroom/{room}/attachments/{id}", stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{room}/attachments/{id}", null, stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await UploadAsync(stranger, room, TestFiles.Png(8, 8), "b.png", "image/png")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.GetAsync($"/chatroom/{room}/attachments/{id}")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_same_file_twice_is_stored_once_and_its_bytes_go_with_the_last_attachment_or_the_chatroom()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var png = TestFiles.Png(20, 20);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(png));
        var store = fixture.Factory.Services.GetRequiredService<IAttachmentStore>();
        var first = await UploadedIdAsync(token, room, png);
        var second = await UploadedIdAsync(token, room, png);

        await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{room}/attachments/{first}", null, token)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.GetAsync($"/chatroom/{room}/attachments/{first}", token)).ReadProblemAsync(HttpStatusCode.NotFound);
        using (var kept = await _api.GetAsync($"/chatroom/{room}/attachments/{second}", token))
        {
            Assert.Equal(png, await kept.Content.ReadAsByteArrayAsync());
        }

        (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{room}", null, token)).EnsureSuccessStatusCode();
        Assert.Null(await store.OpenReadAsync(sha256));
    }

    [Fact]
    public async Task Deleting_the_account_deletes_its_attachments_bytes()
    {
        var (user, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var png = TestFiles.Png(21, 21);
        await UploadedIdAsync(token, room, png);

        using var deleted = await _api.SendAsync(HttpMethod.Delete, "/user/me", System.Net.Http.Json.JsonContent.Create(new { password = user.Password }), token);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await fixture.Factory.Services.GetRequiredService<IAttachmentStore>().OpenReadAsync(Convert.ToHexStringLower(SHA256.HashData(png))));
    }

    [Fact]
    public async Task A_chatroom_holds_a_bounded_number_of_unsent_attachments()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        for (var i = 0; i < 3; i++)
        {
            await UploadedIdAsync(token, room, TestFiles.Png(4 + i, 4));
        }

        await (await UploadAsync(token, room, TestFiles.Png(9, 9), "one-more.png", "image/png")).ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_upload_that_is_not_multipart_is_a_415()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);

        await (await _api.PostJsonAsync($"/chatroom/{room}/attachments", new { file = "x" }, token)).ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_message_sends_its_files_to_gemini_inline_and_later_turns_send_them_again()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var png = TestFiles.Png(32, 32);
        var jpeg = TestFiles.Jpeg(40, 30);
        var first = await UploadedIdAsync(token, room, png);
        var second = (await (await UploadAsync(token, room, jpeg, "photo.jpg", "image/jpeg")).ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
        var marker = Guid.NewGuid().ToString("N");

        var reply = await (await _api.PostJsonAsync($"/chatroom/{room}/message", new { message = $"compare {marker}", attachments = new[] { first, second } }, token))
            .ReadJsonAsync(HttpStatusCode.OK);
        var sent = fixture.Gemini.Requests.Containing($"compare {marker}").Single();

        Assert.Equal([("image/png", png), ("image/jpeg", jpeg)], sent.LastUserInlineData.Select(d => (d.MimeType, d.Bytes!)));
        Assert.EndsWith($"[saw image/png {png.Length} bytes, image/jpeg {jpeg.Length} bytes]", reply["data"]!.GetValue<string>());

        // The history replays them; the stored question lists them; they are part of the conversation now.
        await _api.ChatAsync(token, room, $"and now? {marker}");
        var next = fixture.Gemini.Requests.Containing($"and now? {marker}").Single();
        Assert.Equal([png, jpeg], next.InlineData.Select(d => d.Bytes!));
        Assert.Empty(next.LastUserInlineData);
        var question = (await _api.GetChatroomAsync(token, room))["messages"]![0]!;
        Assert.Equal(["same.png", "photo.jpg"], question["attachments"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
        await (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{room}/attachments/{first}", null, token)).ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_message_may_be_only_files_and_names_unknown_or_too_many_of_them()
    {
        var (_, token) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        var theirs = await _api.CreateChatroomAsync(stranger);
        var mine = await UploadedIdAsync(token, room, TestFiles.Png(12, 12));
        var strangers = await UploadedIdAsync(stranger, theirs, TestFiles.Png(13, 13));

        var onlyFile = await (await _api.PostJsonAsync($"/chatroom/{room}/message", new { attachments = new[] { mine } }, token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("[saw image/png", onlyFile["data"]!.GetValue<string>());

        var foreign = await (await _api.PostJsonAsync($"/chatroom/{room}/message", new { message = "x", attachments = new[] { strangers } }, token))
            .ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(strangers, foreign["detail"]!.GetValue<string>());
        await (await _api.PostJsonAsync($"/chatroom/{room}/message", new { message = "x", attachments = Enumerable.Range(0, 6).Select(i => $"id{i}").ToArray() }, token))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        var empty = await (await _api.PostJsonAsync($"/chatroom/{room}/message", new { message = " " }, token)).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(empty["errors"]!.AsObject().ContainsKey("message"));
    }

    [Fact]
    public async Task Uploads_count_against_a_daily_allowance_by_plan()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        await (await UploadAsync(token, room, Encoding.ASCII.GetBytes(new string('a', 150_000)), "big.txt", "text/plain")).ReadJsonAsync(HttpStatusCode.Created);

        using var refused = await UploadAsync(token, room, Encoding.ASCII.GetBytes(new string('b', 60_000)), "more.txt", "text/plain");
        var problem = await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests);

        Assert.Contains("more.txt", problem["detail"]!.GetValue<string>());
        Assert.NotNull(refused.Headers.RetryAfter);
        await (await UploadAsync(token, room, Encoding.ASCII.GetBytes(new string('c', 40_000)), "fits.txt", "text/plain")).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_export_carries_each_attachment_with_its_link_and_bytes()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        // Larger than one base64 chunk of the export, so chunks must join into one valid string.
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 9000).Select(i => $"row {i}\n")));
        var id = (await (await UploadAsync(token, room, text, "rows.txt", "text/plain")).ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();

        using var response = await _api.GetAsync("/user/export", token);
        var export = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var attachment = Assert.Single(export["chatrooms"]![0]!["attachments"]!.AsArray())!;
        Assert.Equal(id, attachment["id"]!.GetValue<string>());
        Assert.Equal($"/chatroom/{room}/attachments/{id}", attachment["link"]!.GetValue<string>());
        Assert.Equal(text, Convert.FromBase64String(attachment["data"]!.GetValue<string>()));
    }

    private async Task<string> UploadedIdAsync(string token, string room, byte[] png) =>
        (await (await UploadAsync(token, room, png, "same.png", "image/png")).ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();

    private async Task<List<string>> AttachmentIdsAsync(string token, string room)
    {
        var chatroom = await _api.GetChatroomAsync(token, room);
        return chatroom["attachments"] is JsonArray attachments ? [.. attachments.Select(a => a!["id"]!.GetValue<string>())] : [];
    }

    private Task<HttpResponseMessage> UploadAsync(string token, string room, byte[] bytes, string name, string? type)
    {
        var file = new ByteArrayContent(bytes);
        if (type is not null)
        {
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }

        var form = new MultipartFormDataContent { { file, "file", name } };
        return _api.SendAsync(HttpMethod.Post, $"/chatroom/{room}/attachments", form, token);
    }
}
