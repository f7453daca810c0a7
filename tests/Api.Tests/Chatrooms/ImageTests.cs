using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Attachments;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>Images a model makes, through the real pipeline: asked for, sniffed, stored, listed, served, counted.</summary>
[Collection(ChatCollection.Name)]
public sealed class ImageTests(ChatFixture fixture)
{
    public const string ImageModel = "gemini-3.1-flash-image";

    private readonly ApiClient _api = fixture.CreateApiClient();

    internal static async Task<string> DrawingChatroomAsync(ApiClient api, string token)
    {
        var created = await api.PostJsonAsync("/chatroom", new { model = ImageModel }, token);
        return (await created.ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
    }

    internal static Task<HttpResponseMessage> DrawAsync(ApiClient api, string token, string chatroomId, string message, object? image = null) =>
        api.PostJsonAsync($"/chatroom/{chatroomId}/message", new { message, image }, token);

    [Fact]
    public async Task An_image_the_model_makes_is_stored_listed_on_the_answer_and_served_while_its_draft_is_dropped()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await DrawingChatroomAsync(_api, token);
        var marker = Guid.NewGuid().ToString("N");

        var reply = (await (await DrawAsync(_api, token, id, $"Draw a wide sea {marker} [[thought-image]]", new { aspectRatio = "16:9", size = "1K" }))
            .ReadJsonAsync(HttpStatusCode.OK))["reply"]!;

        var image = Assert.Single(reply["images"]!.AsArray())!;
        Assert.Equal(("image/png", 64, 36), (image["mimeType"]!.GetValue<string>(), image["width"]!.GetValue<int>(), image["height"]!.GetValue<int>()));
        var bytes = await (await _api.GetAsync($"/chatroom/{id}/attachments/{image["attachmentId"]!.GetValue<string>()}", token)).Content.ReadAsByteArrayAsync();
        Assert.Equal(image["bytes"]!.GetValue<long>(), bytes.Length);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        var sent = fixture.Gemini.Requests.Containing(marker).Single();
        Assert.Equal(["TEXT", "IMAGE"], sent.ResponseModalities);
        Assert.Equal(("16:9", "1K"), (sent.ImageConfig!["aspectRatio"]!.GetValue<string>(), sent.ImageConfig["imageSize"]!.GetValue<string>()));
        // The draft was never kept: the chatroom holds the one image, and it is the answer's.
        var chatroom = await _api.GetChatroomAsync(token, id);
        Assert.Equal(image["attachmentId"]!.GetValue<string>(), Assert.Single(chatroom["attachments"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(reply["images"]!.ToJsonString(), chatroom["messages"]![1]!["images"]!.ToJsonString());
    }

    [Fact]
    public async Task The_next_turn_sends_the_image_back_with_its_signature_so_the_model_edits_it()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await DrawingChatroomAsync(_api, token);
        var reply = (await (await DrawAsync(_api, token, id, "Draw a red kite")).ReadJsonAsync(HttpStatusCode.OK))["reply"]!;
        var attachment = reply["images"]![0]!["attachmentId"]!.GetValue<string>();
        var bytes = await (await _api.GetAsync($"/chatroom/{id}/attachments/{attachment}", token)).Content.ReadAsByteArrayAsync();
        var marker = Guid.NewGuid().ToString("N");

        await (await DrawAsync(_api, token, id, $"Make it blue {marker}")).ReadJsonAsync(HttpStatusCode.OK);

        var history = fixture.Gemini.Requests.Containing(marker).Single().Body["contents"]!.AsArray();
        var sentBack = history[1]!["parts"]!.AsArray().Single(p => p!["inlineData"] is not null)!;
        var data = sentBack["inlineData"]!["data"]!.GetValue<string>();
        Assert.Equal(bytes, Convert.FromBase64String(data));
        Assert.Equal(GeminiClone.GeminiEmulator.GeminiEmulatorApp.SignatureFor(data), sentBack["thoughtSignature"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_streamed_image_answer_sends_an_image_event_with_an_id_and_done_lists_the_same_image()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await DrawingChatroomAsync(_api, token);

        using var stream = new SseReader(await _api.TurnAsync(HttpMethod.Post, $"/chatroom/{id}/message", token, new { message = "Draw a boat" }, stream: true));
        var events = await stream.RestAsync();

        var image = Assert.Single(events, e => e.Event == "image");
        Assert.NotNull(image.Id);
        Assert.Equal("done", events[^1].Event);
        Assert.Equal(image.Data.ToJsonString(), events[^1].Data["message"]!["images"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task Images_are_counted_per_day_by_plan_an_answer_without_one_is_refunded_and_the_fourth_is_a_429()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await DrawingChatroomAsync(_api, token);
        var marker = Guid.NewGuid().ToString("N");

        var remaining = new List<string>();
        foreach (var message in new[] { "one", "none [[no-image]]", "two", "three" })
        {
            using var drawn = await DrawAsync(_api, token, id, $"{marker} {message}");
            await drawn.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("\"images\";q=3;w=86400", drawn.Headers.GetValues("RateLimit-Policy").Single());
            remaining.Add(drawn.Headers.GetValues("RateLimit").Single().Split(';')[1]);
        }

        using var refused = await DrawAsync(_api, token, id, $"{marker} four");
        var problem = await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests);

        Assert.Equal(["r=2", "r=2", "r=1", "r=0"], remaining);
        Assert.Contains("3 images", problem["detail"]!.GetValue<string>());
        Assert.StartsWith("\"images\";r=0;t=", refused.Headers.GetValues("RateLimit").Single());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // The refused turn took no message slot and asked Gemini nothing.
        var status = await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, status["data"]!["usage"]!["used"]!.GetValue<int>());
        Assert.Empty(fixture.Gemini.Requests.Containing($"{marker} four"));
    }

    [Fact]
    public async Task Asking_a_model_that_does_not_draw_for_an_image_is_a_422_and_a_bad_image_config_a_400_naming_the_field()
    {
        var (_, token) = await _api.NewSessionAsync();
        var plain = await _api.CreateChatroomAsync(token);
        var drawing = await DrawingChatroomAsync(_api, token);

        var unsupported = await (await DrawAsync(_api, token, plain, "draw", new { aspectRatio = "1:1" })).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        var badRatio = await (await DrawAsync(_api, token, drawing, "draw", new { aspectRatio = "7:3" })).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("does not make images", unsupported["detail"]!.GetValue<string>());
        Assert.NotNull(badRatio["errors"]!.AsObject().FirstOrDefault(e => e.Key.EndsWith("aspectRatio", StringComparison.OrdinalIgnoreCase)).Value);
    }

    [Fact]
    public async Task The_catalog_says_which_models_make_images()
    {
        var (_, token) = await _api.NewSessionAsync();

        var models = (await (await _api.GetAsync("/models", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray();

        Assert.True(models.Single(m => m!["id"]!.GetValue<string>() == ImageModel)!["makesImages"]!.GetValue<bool>());
        Assert.False(models.Single(m => m!["isDefault"]!.GetValue<bool>())!["makesImages"]!.GetValue<bool>());
    }
}

/// <summary>A silo of its own, so no other test's image shares the stored bytes (the store keeps one copy per content).</summary>
public sealed class ImageDeletionFixture : ChatFixture;

public sealed class ImageDeletionTests(ImageDeletionFixture fixture) : IClassFixture<ImageDeletionFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Deleting_the_chatroom_leaves_no_image_behind()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await ImageTests.DrawingChatroomAsync(_api, token);
        var reply = (await (await ImageTests.DrawAsync(_api, token, id, "Draw a lighthouse")).ReadJsonAsync(HttpStatusCode.OK))["reply"]!;
        var attachment = reply["images"]![0]!["attachmentId"]!.GetValue<string>();
        var bytes = await (await _api.GetAsync($"/chatroom/{id}/attachments/{attachment}", token)).Content.ReadAsByteArrayAsync();
        var store = fixture.Factory.Services.GetRequiredService<IAttachmentStore>();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.NotNull(await store.OpenReadAsync(sha256));

        (await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{id}", null, token)).EnsureSuccessStatusCode();

        Assert.Null(await store.OpenReadAsync(sha256));
        await (await _api.GetAsync($"/chatroom/{id}/attachments/{attachment}", token)).ReadProblemAsync(HttpStatusCode.NotFound);
    }
}
