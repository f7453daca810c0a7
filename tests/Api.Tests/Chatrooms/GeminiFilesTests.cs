using System.Net;
using System.Net.Http.Headers;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.GeminiEmulator;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>Only 1 KiB goes inline, so every test image takes the Files API path.</summary>
public class FilesApiFixture : ChatFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Attachments:MaxInlineBytes", "1024")];
}

/// <summary>Gemini forgets files after 10 minutes here, sooner than a file is reused (an hour before it expires).</summary>
public sealed class ShortLivedFilesFixture : FilesApiFixture
{
    protected override void ConfigureEmulator(EmulatorOptions emulator) => emulator.FileLifetime = TimeSpan.FromMinutes(10);
}

/// <summary>Attachments too large to send inline go through Gemini's Files API (the emulator speaks it).</summary>
public sealed class GeminiFilesTests(FilesApiFixture fixture) : IClassFixture<FilesApiFixture>
{
    [Fact]
    public async Task A_large_file_is_uploaded_once_polled_until_active_and_referred_to_by_its_uri_in_later_turns()
    {
        var api = fixture.CreateApiClient();
        var (_, token) = await api.NewSessionAsync();
        var room = await api.CreateChatroomAsync(token);
        var png = TestFiles.Png(48, 48);
        var id = await GeminiFilesSteps.UploadAsync(api, token, room, png);
        var marker = Guid.NewGuid().ToString("N");

        var reply = await (await api.PostJsonAsync($"/chatroom/{room}/message", new { message = $"describe {marker}", attachments = new[] { id } }, token))
            .ReadJsonAsync(HttpStatusCode.OK);
        await api.ChatAsync(token, room, $"more {marker}");

        var file = Assert.Single(fixture.Gemini.Files.Uploaded, f => f.Bytes.SequenceEqual(png));
        Assert.Equal(("image/png", "same.png"), (file.MimeType, file.DisplayName));
        Assert.True(file.Polled);
        var first = fixture.Gemini.Requests.Containing($"describe {marker}").Single();
        Assert.Equal([("image/png", file.Uri)], first.LastUserFileData);
        Assert.Empty(first.InlineData);
        Assert.EndsWith($"[saw file image/png {png.Length} bytes]", reply["data"]!.GetValue<string>());
        Assert.Equal([file.Uri], fixture.Gemini.Requests.Containing($"more {marker}").Single().FileData.Select(f => f.Uri));
    }
}

public sealed class GeminiFileExpiryTests(ShortLivedFilesFixture fixture) : IClassFixture<ShortLivedFilesFixture>
{
    [Fact]
    public async Task A_file_gemini_is_about_to_forget_is_uploaded_again()
    {
        var api = fixture.CreateApiClient();
        var (_, token) = await api.NewSessionAsync();
        var room = await api.CreateChatroomAsync(token);
        var png = TestFiles.Png(40, 40);
        var id = await GeminiFilesSteps.UploadAsync(api, token, room, png);
        var marker = Guid.NewGuid().ToString("N");

        await (await api.PostJsonAsync($"/chatroom/{room}/message", new { message = $"first {marker}", attachments = new[] { id } }, token))
            .ReadJsonAsync(HttpStatusCode.OK);
        await api.ChatAsync(token, room, $"second {marker}");

        var uploads = fixture.Gemini.Files.Uploaded.Where(f => f.Bytes.SequenceEqual(png)).ToList();
        Assert.Equal(2, uploads.Count);
        Assert.Equal([uploads[1].Uri], fixture.Gemini.Requests.Containing($"second {marker}").Single().FileData.Select(f => f.Uri));
    }
}

internal static class GeminiFilesSteps
{
    public static async Task<string> UploadAsync(ApiClient api, string token, string room, byte[] png)
    {
        var file = new ByteArrayContent(png) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        var response = await api.SendAsync(HttpMethod.Post, $"/chatroom/{room}/attachments", new MultipartFormDataContent { { file, "file", "same.png" } }, token);
        return (await response.ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
    }
}
