using System.Net;
using System.Text.Json.Nodes;

namespace GeminiClone.Api.Tests.Admin;

/// <summary>GET /admin/users: by a part of the number's digits, a part of the name in any case, or the id; paged.</summary>
[Collection(AdminCollection.Name)]
public sealed class UserDirectoryTests(AdminFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Users_are_found_by_part_of_the_number_part_of_the_name_or_the_id_with_their_number_masked()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var asha = await _api.SignUpAsync(name: $"Asha {tag} Rao");
        var other = await _api.SignUpAsync(name: $"Vikram {tag}");

        var byDigits = await FindAsync(operatorToken, asha.MobileNumber[3..]);
        var byFullNumber = await FindAsync(operatorToken, "+91 " + asha.MobileNumber);
        var byNationalNumber = await FindAsync(operatorToken, "0" + asha.MobileNumber);
        var byName = await FindAsync(operatorToken, $"asha {tag.ToUpperInvariant()}");
        var byTag = await FindAsync(operatorToken, tag);
        var byId = await FindAsync(operatorToken, other.Id);
        var nobody = await FindAsync(operatorToken, "no user is called this " + tag);

        var found = Assert.Single(byDigits, u => u!["id"]!.GetValue<string>() == asha.Id)!;
        Assert.Equal($"+91{new string('*', 8)}{asha.MobileNumber[^2..]}", found["maskedNumber"]!.GetValue<string>());
        Assert.Equal(($"Asha {tag} Rao", "Basic", false), (found["name"]!.GetValue<string>(), found["tier"]!.GetValue<string>(), found["suspended"]!.GetValue<bool>()));
        Assert.Equal([asha.Id], byFullNumber.Select(u => u!["id"]!.GetValue<string>()));
        Assert.Equal([asha.Id], byNationalNumber.Select(u => u!["id"]!.GetValue<string>()));
        Assert.Equal([asha.Id], byName.Select(u => u!["id"]!.GetValue<string>()));
        Assert.Equal([other.Id, asha.Id], byTag.Select(u => u!["id"]!.GetValue<string>()));
        Assert.Equal([other.Id], byId.Select(u => u!["id"]!.GetValue<string>()));
        Assert.Empty(nobody);
        Assert.DoesNotContain(asha.MobileNumber, byDigits.ToJsonString());
    }

    [Fact]
    public async Task Pages_follow_each_other_newest_first_without_gaps_or_repeats()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var users = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            users.Add((await _api.SignUpAsync(name: $"Pager {tag} {i}")).Id);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await _api.GetAsync($"/admin/users?query={tag}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"), operatorToken))
                .ReadJsonAsync(HttpStatusCode.OK);
            seen.AddRange(page["data"]!["items"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()));
            cursor = page["data"]!["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(users), seen);
        await (await _api.GetAsync("/admin/users?cursor=not-a-cursor", operatorToken)).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await _api.GetAsync("/admin/users?limit=101", operatorToken)).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task One_user_shows_its_sessions_passkeys_chatrooms_and_keys_and_when_it_was_last_active()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var (user, token) = await _api.NewSessionAsync();
        await _api.SignInAsync(user.MobileNumber);
        await _api.CreateChatroomAsync(token, "mine");
        await (await _api.PostJsonAsync("/user/api-keys", new { name = "script" }, token)).ReadJsonAsync(HttpStatusCode.Created);

        var view = await _api.AdminUserAsync(operatorToken, user.Id);
        var listed = await FindAsync(operatorToken, user.Id);

        Assert.Equal((2, 0, 1, 1), (view["sessions"]!.GetValue<int>(), view["passkeys"]!.GetValue<int>(), view["chatrooms"]!.GetValue<int>(),
            view["apiKeys"]!.GetValue<int>()));
        Assert.NotNull(view["lastActiveAt"]);
        Assert.NotNull(Assert.Single(listed)!["lastActiveAt"]);
        Assert.DoesNotContain("mine", view.ToJsonString());
    }

    private async Task<JsonArray> FindAsync(string token, string query) =>
        (await (await _api.GetAsync($"/admin/users?query={Uri.EscapeDataString(query)}&limit=100", token)).ReadJsonAsync(HttpStatusCode.OK))
            ["data"]!["items"]!.AsArray();
}
