using System.Net;
using System.Net.Http.Json;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Folders;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Folders;

/// <summary>POST/GET/PATCH/DELETE /folders, with a folder limit of 3 (<c>Folders:MaxPerUser</c>) so the limit test is short.</summary>
public sealed class FolderTests(FolderTests.FolderFixture fixture) : IClassFixture<FolderTests.FolderFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_folder_is_created_trimmed_listed_by_name_with_its_chatroom_count_and_renamed()
    {
        var (_, token) = await _api.NewSessionAsync();

        var response = await _api.PostJsonAsync("/folders", new { name = "  Trips  " }, token);
        var created = await response.ReadJsonAsync(HttpStatusCode.Created);
        var trips = created["data"]!["id"]!.GetValue<string>();
        var work = await _api.CreateFolderAsync(token, "Work");
        var goa = await _api.CreateChatroomAsync(token, "Goa");
        var kochi = await _api.CreateChatroomAsync(token, "Kochi");
        await _api.CreateChatroomAsync(token, "Loose");
        await _api.OrganiseAsync(token, goa, $$"""{"folderId":"{{trips}}"}""");
        await _api.OrganiseAsync(token, kochi, $$"""{"folderId":"{{trips}}","archived":true}""");
        var listed = await ListAsync(token);
        var renamed = await (await _api.SendAsync(HttpMethod.Patch, $"/folders/{trips}", JsonContent.Create(new { name = "Travel " }), token))
            .ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Folder created successfully", created.Message());
        Assert.Equal($"/folders/{trips}", response.Headers.Location?.OriginalString);
        Assert.Equal(["createdAt", "id", "name"], created["data"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("Trips", created["data"]!["name"]!.GetValue<string>());
        Assert.Equal([("Trips", trips, 2), ("Work", work, 0)], listed);
        Assert.Equal(("Folder renamed successfully", "Travel"), (renamed.Message(), renamed["data"]!["name"]!.GetValue<string>()));
        Assert.Equal([("Travel", trips, 2), ("Work", work, 0)], await ListAsync(token));
    }

    [Fact]
    public async Task Deleting_a_folder_is_204_and_its_chatrooms_stay_in_no_folder()
    {
        var (user, token) = await _api.NewSessionAsync();
        var folder = await _api.CreateFolderAsync(token, "Short-lived");
        var room = await _api.CreateChatroomAsync(token, "kept");
        var archived = await _api.CreateChatroomAsync(token, "kept, archived");
        await _api.OrganiseAsync(token, room, $$"""{"folderId":"{{folder}}","pinned":true}""");
        await _api.OrganiseAsync(token, archived, $$"""{"folderId":"{{folder}}","archived":true}""");

        var deleted = await _api.SendAsync(HttpMethod.Delete, $"/folders/{folder}", null, token);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await ListAsync(token));
        var list = await _api.ListChatroomsAsync(token);
        Assert.Equal([room], list.Ids());
        Assert.Null(list["data"]![0]!["folderId"]);
        Assert.True(list["data"]![0]!["pinned"]!.GetValue<bool>());
        Assert.Null((await _api.ListChatroomsAsync(token, "?archived=true"))["data"]![0]!["folderId"]);
        Assert.Null((await _api.GetChatroomAsync(token, archived))["folderId"]);
        await (await _api.GetAsync($"/chatroom?folder={folder}", token)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendAsync(HttpMethod.Delete, $"/folders/{folder}", null, token)).ReadProblemAsync(HttpStatusCode.NotFound);
        // And the chatrooms let go of it in their own state (one-way messages, so they may take a moment).
        var owner = fixture.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(user.Id);
        await Eventually.HoldsAsync(async () => (await owner.GetChatroomsInFolderAsync(folder)).Count == 0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Another_users_folder_is_404_everywhere_and_stays_untouched()
    {
        var (_, ownerToken) = await _api.NewSessionAsync();
        var (_, strangerToken) = await _api.NewSessionAsync();
        var folder = await _api.CreateFolderAsync(ownerToken, "Private");
        var strangersRoom = await _api.CreateChatroomAsync(strangerToken, "mine");

        var responses = new[]
        {
            await _api.SendAsync(HttpMethod.Patch, $"/folders/{folder}", JsonContent.Create(new { name = "taken" }), strangerToken),
            await _api.SendAsync(HttpMethod.Delete, $"/folders/{folder}", null, strangerToken),
            await _api.GetAsync($"/chatroom?folder={folder}", strangerToken),
            await _api.PatchChatroomAsync(strangerToken, strangersRoom, $$"""{"folderId":"{{folder}}"}"""),
            await _api.PatchChatroomAsync(strangerToken, strangersRoom, $$"""{"folderId":"{{Guid.NewGuid()}}"}"""),
            await _api.PatchChatroomAsync(strangerToken, strangersRoom, """{"folderId":"not-an-id"}"""),
            await _api.GetAsync("/chatroom?folder=not-an-id", strangerToken),
            await _api.SendAsync(HttpMethod.Delete, "/folders/not-an-id", null, strangerToken),
        };

        foreach (var response in responses)
        {
            Assert.Equal("Folder not found.", (await response.ReadProblemAsync(HttpStatusCode.NotFound)).Message());
        }

        Assert.Null((await _api.GetChatroomAsync(strangerToken, strangersRoom))["folderId"]);
        Assert.Equal([("Private", folder, 0)], await ListAsync(ownerToken));
        Assert.Empty(await ListAsync(strangerToken));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task A_folder_name_must_be_1_to_100_characters(string? name)
    {
        var (_, token) = await _api.NewSessionAsync();
        var folder = await _api.CreateFolderAsync(token, "ok");

        var create = await _api.PostJsonAsync("/folders", new { name }, token);
        var tooLong = await _api.PostJsonAsync("/folders", new { name = new string('n', 101) }, token);
        var rename = await _api.SendAsync(HttpMethod.Patch, $"/folders/{folder}", JsonContent.Create(new { name }), token);

        Assert.NotNull((await create.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["name"]);
        Assert.NotNull((await tooLong.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["name"]);
        Assert.NotNull((await rename.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["name"]);
        await (await _api.PostJsonAsync("/folders", new { name = new string('n', 100) }, token)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal([new string('n', 100), "ok"], (await ListAsync(token)).Select(f => f.Name));
    }

    [Fact]
    public async Task Past_the_folder_limit_creating_is_409_and_deleting_one_makes_room()
    {
        var (_, token) = await _api.NewSessionAsync();
        var first = await _api.CreateFolderAsync(token, "one");
        await _api.CreateFolderAsync(token, "two");
        await _api.CreateFolderAsync(token, "three");

        var refused = await (await _api.PostJsonAsync("/folders", new { name = "four" }, token)).ReadProblemAsync(HttpStatusCode.Conflict);
        var deleted = await _api.SendAsync(HttpMethod.Delete, $"/folders/{first}", null, token);

        Assert.Contains("as many folders as allowed", refused.Message());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await _api.CreateFolderAsync(token, "four");
        Assert.Equal(["four", "three", "two"], (await ListAsync(token)).Select(f => f.Name));
    }

    [Fact]
    public async Task Folders_need_a_token_and_deleting_the_account_erases_them()
    {
        var (user, token) = await _api.NewSessionAsync();
        await _api.CreateFolderAsync(token, "erase me");
        var folders = fixture.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserFoldersGrain>(user.Id);
        Assert.Single(await folders.GetFoldersAsync());

        await (await _api.GetAsync("/folders")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var deleted = await _api.SendAsync(HttpMethod.Delete, "/user/me", JsonContent.Create(new { password = user.Password }), token);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await folders.GetFoldersAsync());
    }

    private async Task<List<(string Name, string Id, int Count)>> ListAsync(string token)
    {
        var body = await (await _api.GetAsync("/folders", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Folders fetched successfully", body.Message());
        return [.. body["data"]!.AsArray().Select(f =>
            (f!["name"]!.GetValue<string>(), f["id"]!.GetValue<string>(), f["chatroomCount"]!.GetValue<int>()))];
    }

    public sealed class FolderFixture : ApiFactory
    {
        public FolderFixture()
            : base([new("Folders:MaxPerUser", "3")])
        {
        }
    }
}
