using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace GeminiClone.TestSupport;

/// <summary>Pins, archive, folders and temporary chats, as the README's "Organising chatrooms" walks them.</summary>
public static class OrganiseApi
{
    /// <summary>PATCH /chatroom/:id with a raw JSON body, so a test can say <c>"folderId": null</c> exactly.</summary>
    public static Task<HttpResponseMessage> PatchChatroomAsync(this ApiClient api, string token, string chatroomId, string json) =>
        api.SendAsync(HttpMethod.Patch, $"/chatroom/{chatroomId}", new StringContent(json, Encoding.UTF8, "application/json"), token);

    public static async Task<JsonNode> OrganiseAsync(this ApiClient api, string token, string chatroomId, string json) =>
        (await (await api.PatchChatroomAsync(token, chatroomId, json)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    /// <summary>GET /chatroom with <paramref name="query"/> (e.g. <c>?archived=true&amp;limit=2</c>): the whole body.</summary>
    public static async Task<JsonNode> ListChatroomsAsync(this ApiClient api, string token, string query = "") =>
        await (await api.GetAsync($"/chatroom{query}", token)).ReadJsonAsync(HttpStatusCode.OK);

    /// <summary>The ids a list shows, in its order.</summary>
    public static IReadOnlyList<string> Ids(this JsonNode list) => [.. list["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>())];

    /// <summary>Every page of a list, following <c>nextCursor</c>, pages of <paramref name="limit"/>.</summary>
    public static async Task<(IReadOnlyList<string> Ids, int Pages)> ListAllPagesAsync(this ApiClient api, string token, string filter, int limit)
    {
        var ids = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var query = $"?limit={limit}{filter}{(cursor is null ? "" : $"&cursor={cursor}")}";
            var page = await api.ListChatroomsAsync(token, query);
            pages++;
            Assert.True(page["data"]!.AsArray().Count <= limit);
            Assert.Equal(page["data"]!.AsArray().Count, page["count"]!.GetValue<int>());
            ids.AddRange(page.Ids());
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        return (ids, pages);
    }

    public static async Task<string> CreateFolderAsync(this ApiClient api, string token, string name) =>
        (await (await api.PostJsonAsync("/folders", new { name }, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();

    public static async Task<string> CreateTemporaryChatroomAsync(this ApiClient api, string token, string title) =>
        (await (await api.PostJsonAsync("/chatroom", new { title, temporary = true }, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!
            .GetValue<string>();

    public static Task<HttpResponseMessage> UploadAsync(this ApiClient api, string token, string chatroomId, byte[] bytes, string name, string type)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new(type);
        return api.SendAsync(HttpMethod.Post, $"/chatroom/{chatroomId}/attachments", new MultipartFormDataContent { { file, "file", name } }, token);
    }
}
