using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Shares;

/// <summary>
/// Gemini's emulator with time for a long streamed turn (a link made while it runs), links pointing at a public
/// site, few chatrooms a user and few links a chatroom (so the limits are reached quickly), and days of messages.
/// </summary>
public sealed class ShareFixture : ChatFixture
{
    public const string PublicBase = "https://chat.example/app";
    public const int MaxChatrooms = 3;
    public const int MaxLinks = 25;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("Gemini:Timeout", "00:00:30"),
        new("Gemini:AttemptTimeout", "00:00:30"),
        new("Chat:MaxChatroomsPerUser", MaxChatrooms.ToString()),
        new("Shares:MaxPerChatroom", MaxLinks.ToString()),
        new("Shares:PublicBaseUrl", PublicBase + "/"),
        new("BASIC_DAILY_LIMIT", "1000"),
    ];
}

/// <summary>The share routes, as a client calls them.</summary>
internal static class ShareApi
{
    public static async Task<JsonNode> ShareAsync(this ApiClient api, string token, string chatroomId) =>
        (await (await api.SendAsync(HttpMethod.Post, $"/chatroom/{chatroomId}/shares", null, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!;

    public static Task<HttpResponseMessage> ReadSharedAsync(this ApiClient api, string shareId, string suffix = "") =>
        api.GetAsync($"/shared/{shareId}{suffix}");

    public static async Task<JsonNode> SharedAsync(this ApiClient api, string shareId) =>
        (await (await api.ReadSharedAsync(shareId)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    public static async Task RevokeAsync(this ApiClient api, string token, string chatroomId, string shareId)
    {
        using var response = await api.SendAsync(HttpMethod.Delete, $"/chatroom/{chatroomId}/shares/{shareId}", null, token);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public static Task<HttpResponseMessage> ContinueAsync(this ApiClient api, string token, string shareId) =>
        api.SendAsync(HttpMethod.Post, $"/shared/{shareId}/continue", null, token);

    public static string Id(this JsonNode share) => share["id"]!.GetValue<string>();

    /// <summary>An object's member names, sorted: what a test compares against the exact members it expects.</summary>
    public static IReadOnlyList<string> Members(this JsonNode? node) => [.. node!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];

    public static Task<HttpResponseMessage> UploadAsync(this ApiClient api, string token, string chatroomId, byte[] bytes, string name, string type)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new(type);
        return api.SendAsync(HttpMethod.Post, $"/chatroom/{chatroomId}/attachments", new MultipartFormDataContent { { file, "file", name } }, token);
    }
}
