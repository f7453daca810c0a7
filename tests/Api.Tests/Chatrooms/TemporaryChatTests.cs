using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Attachments;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>POST /chatroom with <c>temporary: true</c>: out of the default list, search and exports.</summary>
[Collection(ChatCollection.Name)]
public sealed class TemporaryChatTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_temporary_chat_says_so_and_is_listed_only_under_temporary_true()
    {
        var (_, token) = await _api.NewSessionAsync();
        var lasting = await _api.CreateChatroomAsync(token, "lasting");

        var created = await (await _api.PostJsonAsync("/chatroom", new { title = "off the record", temporary = true }, token))
            .ReadJsonAsync(HttpStatusCode.Created);
        var temporary = created["data"]!["id"]!.GetValue<string>();

        Assert.True(created["data"]!["temporary"]!.GetValue<bool>());
        Assert.True((await _api.GetChatroomAsync(token, temporary))["temporary"]!.GetValue<bool>());
        Assert.Equal([lasting], (await _api.ListChatroomsAsync(token)).Ids());
        Assert.Equal([lasting], (await _api.ListChatroomsAsync(token, "?temporary=false&limit=10")).Ids());
        var listed = await _api.ListChatroomsAsync(token, "?temporary=true");
        Assert.Equal([temporary], listed.Ids());
        Assert.True(listed["data"]![0]!["temporary"]!.GetValue<bool>());
        Assert.False((await _api.GetChatroomAsync(token, lasting))["temporary"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_temporary_chat_is_never_found_by_search_nor_exported_while_the_owners_other_chatrooms_are()
    {
        var (_, token) = await _api.NewSessionAsync();
        var word = $"quokka{Guid.NewGuid():N}"[..20];
        var folder = await _api.CreateFolderAsync(token, "Exported");
        var lasting = await _api.CreateChatroomAsync(token, $"lasting {word}");
        var temporary = await _api.CreateTemporaryChatroomAsync(token, $"temporary {word}");
        await _api.OrganiseAsync(token, lasting, $$"""{"pinned":true,"folderId":"{{folder}}"}""");
        await _api.ChatAsync(token, lasting, $"tell me about {word}");
        await _api.ChatAsync(token, temporary, $"tell me about {word} in secret");

        var search = await (await _api.GetAsync($"/chatroom/search?q={word}", token)).ReadJsonAsync(HttpStatusCode.OK);
        var export = JsonNode.Parse(await (await _api.GetAsync("/user/export", token)).Content.ReadAsStringAsync())!;

        Assert.Equal([lasting], search["data"]!["results"]!.AsArray().Select(r => r!["chatroomId"]!.GetValue<string>()));
        var exported = Assert.Single(export["chatrooms"]!.AsArray())!;
        Assert.Equal((lasting, true, false, folder), (exported["id"]!.GetValue<string>(), exported["pinned"]!.GetValue<bool>(),
            exported["archived"]!.GetValue<bool>(), exported["folderId"]!.GetValue<string>()));
        var exportedFolder = Assert.Single(export["folders"]!.AsArray())!;
        Assert.Equal((folder, "Exported"), (exportedFolder["id"]!.GetValue<string>(), exportedFolder["name"]!.GetValue<string>()));
        Assert.DoesNotContain("in secret", export.ToJsonString());
        Assert.DoesNotContain(temporary, export.ToJsonString());
    }
}

/// <summary>
/// A temporary chat's end: deleted with its files by its retention reminder once <c>Chat:TemporaryChatLifetime</c>
/// (3 s here; the reminder floor follows it down) has passed without activity, while retention itself stays off.
/// </summary>
public sealed class TemporaryChatExpiryTests(TemporaryChatExpiryTests.ShortLivedChatsFixture fixture)
    : IClassFixture<TemporaryChatExpiryTests.ShortLivedChatsFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_temporary_chat_is_deleted_with_its_attachment_after_its_lifetime_and_a_lasting_one_is_kept()
    {
        var (_, token) = await _api.NewSessionAsync();
        var lasting = await _api.CreateChatroomAsync(token, "lasting");
        var temporary = await _api.CreateTemporaryChatroomAsync(token, "gone soon");
        var png = TestFiles.Png(13, 7);
        var attachment = (await (await _api.UploadAsync(token, temporary, png, "note.png", "image/png")).ReadJsonAsync(HttpStatusCode.Created))
            ["data"]!["id"]!.GetValue<string>();

        await Eventually.HoldsAsync(
            async () => (await _api.GetAsync($"/chatroom/{temporary}", token)).StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(30));

        await (await _api.GetAsync($"/chatroom/{temporary}/attachments/{attachment}", token)).ReadProblemAsync(HttpStatusCode.NotFound);
        // The chatroom's record goes first (the 404 above), its attachments' bytes last, in the same deletion.
        var store = fixture.Services.GetRequiredService<IAttachmentStore>();
        await Eventually.HoldsAsync(
            async () =>
            {
                await using var bytes = await store.OpenReadAsync(Convert.ToHexStringLower(SHA256.HashData(png)));
                return bytes is null;
            },
            TimeSpan.FromSeconds(30));
        Assert.Empty((await _api.ListChatroomsAsync(token, "?temporary=true")).Ids());
        Assert.Equal([lasting], (await _api.ListChatroomsAsync(token)).Ids());
        await _api.GetChatroomAsync(token, lasting);
    }

    public sealed class ShortLivedChatsFixture : ApiFactory
    {
        public ShortLivedChatsFixture()
            : base([new("Chat:TemporaryChatLifetime", "00:00:03")])
        {
        }
    }
}
