using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>Pinning, archiving and filing chatrooms (PATCH /chatroom/:id), and GET /chatroom's order, filters and pages.</summary>
[Collection(ChatCollection.Name)]
public sealed class OrganisingTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Pinned_chatrooms_come_first_then_latest_activity_and_pinning_is_not_activity()
    {
        var (_, token) = await _api.NewSessionAsync();
        var a = await _api.CreateChatroomAsync(token, "a");
        var b = await _api.CreateChatroomAsync(token, "b");
        var c = await _api.CreateChatroomAsync(token, "c");
        var createdAt = (await _api.GetChatroomAsync(token, a))["updatedAt"]!.GetValue<DateTime>();

        var pinned = await _api.OrganiseAsync(token, a, """{"pinned":true}""");
        var afterA = await _api.ListChatroomsAsync(token);
        await _api.OrganiseAsync(token, b, """{"pinned":true}""");
        var afterB = await _api.ListChatroomsAsync(token);
        await _api.OrganiseAsync(token, b, """{"pinned":false}""");
        var afterUnpin = await _api.ListChatroomsAsync(token);

        Assert.True(pinned["pinned"]!.GetValue<bool>());
        Assert.Equal(createdAt, pinned["updatedAt"]!.GetValue<DateTime>());
        Assert.Equal([a, c, b], afterA.Ids());
        Assert.Equal([b, a, c], afterB.Ids());
        Assert.Equal([a, c, b], afterUnpin.Ids());
        var first = afterUnpin["data"]![0]!;
        Assert.Equal(["archived", "folderId", "id", "pinned", "temporary", "title", "updatedAt"], first.AsObject().Select(p => p.Key).Order());
        Assert.Equal((true, false, false), (first["pinned"]!.GetValue<bool>(), first["archived"]!.GetValue<bool>(), first["temporary"]!.GetValue<bool>()));
        Assert.Null(first["folderId"]);
        Assert.Equal(createdAt, first["updatedAt"]!.GetValue<DateTime>());
        Assert.False(afterUnpin["data"]![2]!["pinned"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Archived_chatrooms_are_left_out_of_the_list_and_listed_alone_under_archived_true()
    {
        var (_, token) = await _api.NewSessionAsync();
        var kept = await _api.CreateChatroomAsync(token, "kept");
        var old = await _api.CreateChatroomAsync(token, "old");

        var archived = await _api.OrganiseAsync(token, old, """{"archived":true}""");
        var list = await _api.ListChatroomsAsync(token);
        var archive = await _api.ListChatroomsAsync(token, "?archived=true");
        await _api.OrganiseAsync(token, old, """{"archived":false}""");
        var back = await _api.ListChatroomsAsync(token);

        Assert.True(archived["archived"]!.GetValue<bool>());
        Assert.Equal([kept], list.Ids());
        Assert.Equal(1, list["count"]!.GetValue<int>());
        Assert.Equal([old], archive.Ids());
        Assert.True(archive["data"]![0]!["archived"]!.GetValue<bool>());
        Assert.Equal([old, kept], back.Ids());
        Assert.Equal([old, kept], (await _api.ListChatroomsAsync(token, "?archived=false")).Ids());
    }

    [Fact]
    public async Task A_folder_filter_lists_its_chatrooms_and_a_null_folder_id_takes_one_out_while_an_absent_one_keeps_it()
    {
        var (_, token) = await _api.NewSessionAsync();
        var folder = await _api.CreateFolderAsync(token, "Trips");
        var goa = await _api.CreateChatroomAsync(token, "Goa");
        var other = await _api.CreateChatroomAsync(token, "Other");
        var kochi = await _api.CreateChatroomAsync(token, "Kochi");

        var filed = await _api.OrganiseAsync(token, goa, $$"""{"folderId":"{{folder}}"}""");
        await _api.OrganiseAsync(token, kochi, $$"""{"folderId":"{{folder}}"}""");
        var inFolder = await _api.ListChatroomsAsync(token, $"?folder={folder}");
        var pinnedOnly = await _api.OrganiseAsync(token, goa, """{"pinned":true}""");
        var takenOut = await _api.OrganiseAsync(token, goa, """{"folderId":null}""");

        Assert.Equal(folder, filed["folderId"]!.GetValue<string>());
        Assert.Equal([kochi, goa], inFolder.Ids());
        Assert.All(inFolder["data"]!.AsArray(), c => Assert.Equal(folder, c!["folderId"]!.GetValue<string>()));
        Assert.Equal(folder, pinnedOnly["folderId"]!.GetValue<string>());
        Assert.Null(takenOut["folderId"]);
        Assert.True(takenOut["pinned"]!.GetValue<bool>());
        Assert.Equal([kochi], (await _api.ListChatroomsAsync(token, $"?folder={folder}")).Ids());
        Assert.Equal([goa, kochi, other], (await _api.ListChatroomsAsync(token)).Ids());
        Assert.Equal(folder, (await _api.GetChatroomAsync(token, kochi))["folderId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Paging_walks_the_pinned_archived_and_folder_lists_in_order_without_gaps_or_repeats()
    {
        var (_, token) = await _api.NewSessionAsync();
        var folder = await _api.CreateFolderAsync(token, "Work");
        var ids = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            ids.Add(await _api.CreateChatroomAsync(token, $"room {i}"));
        }

        await _api.OrganiseAsync(token, ids[1], """{"pinned":true}""");
        await _api.OrganiseAsync(token, ids[6], $$"""{"pinned":true,"folderId":"{{folder}}"}""");
        await _api.OrganiseAsync(token, ids[2], """{"archived":true}""");
        await _api.OrganiseAsync(token, ids[7], $$"""{"archived":true,"folderId":"{{folder}}"}""");
        await _api.OrganiseAsync(token, ids[4], $$"""{"folderId":"{{folder}}"}""");
        await _api.OrganiseAsync(token, ids[3], $$"""{"folderId":"{{folder}}"}""");

        var whole = await _api.ListChatroomsAsync(token);
        var paged = await _api.ListAllPagesAsync(token, "", limit: 2);
        var archived = await _api.ListAllPagesAsync(token, "&archived=true", limit: 1);
        var inFolder = await _api.ListAllPagesAsync(token, $"&folder={folder}", limit: 2);
        var archivedInFolder = await _api.ListAllPagesAsync(token, $"&folder={folder}&archived=true", limit: 5);

        string[] expected = [ids[6], ids[1], ids[8], ids[5], ids[4], ids[3], ids[0]];
        Assert.Equal(expected, whole.Ids());
        Assert.Null(whole["nextCursor"]);
        Assert.Equal(expected, paged.Ids);
        Assert.Equal([ids[7], ids[2]], archived.Ids);
        Assert.Equal([ids[6], ids[4], ids[3]], inFolder.Ids);
        Assert.Equal([ids[7]], archivedInFolder.Ids);
        Assert.Equal((4, 2, 2, 1), (paged.Pages, archived.Pages, inFolder.Pages, archivedInFolder.Pages));

        // A cursor alone reads on in pages of the default size; a page never shifts when a chatroom moves ahead of it.
        var first = await _api.ListChatroomsAsync(token, "?limit=3");
        await _api.ChatAsync(token, ids[0], "I am the latest now");
        var rest = await _api.ListChatroomsAsync(token, $"?cursor={first["nextCursor"]!.GetValue<string>()}");
        Assert.Equal(expected[..3], first.Ids());
        Assert.Equal([ids[5], ids[4], ids[3]], rest.Ids());
        Assert.Null(rest["nextCursor"]);
    }

    [Theory]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    public async Task A_bad_page_request_is_400_naming_the_parameter(string query, string parameter)
    {
        var (_, token) = await _api.NewSessionAsync();

        var problem = await (await _api.GetAsync($"/chatroom{query}", token)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task Pins_archive_and_folder_survive_a_turn_completing_after_them_and_a_pin_sent_while_a_turn_runs()
    {
        var (_, token) = await _api.NewSessionAsync();
        var folder = await _api.CreateFolderAsync(token, "Kept");
        var filed = await _api.CreateChatroomAsync(token, "filed");
        var busy = await _api.CreateChatroomAsync(token, "busy");
        await _api.CreateChatroomAsync(token, "newest");

        await _api.OrganiseAsync(token, filed, $$"""{"pinned":true,"archived":true,"folderId":"{{folder}}"}""");
        await _api.ChatAsync(token, filed, "hello after the pin");
        var slowTurn = _api.SendMessageAsync(token, busy, $"slow {Guid.NewGuid():N} [[latency:1500]]");
        await _api.WaitUntilGeneratingAsync(token, busy);
        var pinWhileRunning = await _api.OrganiseAsync(token, busy, """{"pinned":true}""");
        await (await slowTurn).ReadJsonAsync(HttpStatusCode.OK);

        var archive = await _api.ListChatroomsAsync(token, "?archived=true");
        var item = Assert.Single(archive["data"]!.AsArray())!;
        Assert.Equal((filed, true, true, folder), (item["id"]!.GetValue<string>(), item["pinned"]!.GetValue<bool>(),
            item["archived"]!.GetValue<bool>(), item["folderId"]!.GetValue<string>()));
        Assert.Equal(2, (await _api.GetChatroomAsync(token, filed))["messages"]!.AsArray().Count);
        Assert.True(pinWhileRunning["pinned"]!.GetValue<bool>());
        Assert.Equal(busy, (await _api.ListChatroomsAsync(token)).Ids()[0]);
        var busyNow = await _api.GetChatroomAsync(token, busy);
        Assert.True(busyNow["pinned"]!.GetValue<bool>());
        Assert.Equal(2, busyNow["messages"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("""{"temporary":true}""")]
    [InlineData("""{"temporary":false,"title":"and a title"}""")]
    [InlineData("""{"temporary":null}""")]
    public async Task Temporary_cannot_be_changed_by_patch_and_saying_it_is_a_400_naming_it(string body)
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token, "lasting");

        var problem = await (await _api.PatchChatroomAsync(token, id, body)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["temporary"]);
        var chatroom = await _api.GetChatroomAsync(token, id);
        Assert.Equal(("lasting", false), (chatroom["title"]!.GetValue<string>(), chatroom["temporary"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_flag_that_is_not_a_boolean_is_400_and_an_empty_folder_id_names_no_folder()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        await (await _api.PatchChatroomAsync(token, id, """{"pinned":"yes"}""")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await _api.GetAsync("/chatroom?archived=maybe", token)).ReadProblemAsync(HttpStatusCode.BadRequest);
        var empty = await (await _api.PatchChatroomAsync(token, id, """{"folderId":""}""")).ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("Folder not found.", empty.Message());
        Assert.Null((await _api.GetChatroomAsync(token, id))["folderId"]);
    }
}
