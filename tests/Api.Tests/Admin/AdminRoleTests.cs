using System.Net;

namespace GeminiClone.Api.Tests.Admin;

/// <summary>Who is an operator: the numbers of ADMIN_MOBILE_NUMBERS as they sign in, and grants; never nobody.</summary>
[Collection(AdminCollection.Name)]
public sealed class AdminRoleTests(AdminFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_listed_number_becomes_an_admin_when_it_signs_in_and_not_before()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var listed = await _api.SignUpAsync(fixture.ListedNumber, name: "Listed Operator");
        var beforeSignIn = await _api.AdminUserAsync(operatorToken, listed.Id);

        var token = await _api.SignInAsync(fixture.ListedNumber);
        var afterSignIn = await _api.AdminUserAsync(operatorToken, listed.Id);
        var reachesAdmin = await _api.GetAsync("/admin/users?limit=1", token);

        Assert.Empty(beforeSignIn["roles"]!.AsArray());
        Assert.Equal(["admin"], afterSignIn["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        await reachesAdmin.ReadJsonAsync(HttpStatusCode.OK);

        // Taken again, so the other tests of this collection see one admin (the operator).
        await (await _api.SetRoleAsync(operatorToken, listed.Id, granted: false)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.GetAsync("/admin/users?limit=1", token)).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_granted_role_works_at_once_and_a_taken_one_stops_at_once_but_the_last_admin_keeps_it()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var operatorId = await fixture.OperatorIdAsync();
        var (user, token) = await _api.NewSessionAsync();
        await (await _api.GetAsync("/admin/audit", token)).ReadProblemAsync(HttpStatusCode.Forbidden);

        var granted = await (await _api.SetRoleAsync(operatorToken, user.Id, granted: true)).ReadJsonAsync(HttpStatusCode.OK);
        // The same token, minted before the grant: roles are the user grain's word on each request, not the token's.
        await (await _api.GetAsync("/admin/audit", token)).ReadJsonAsync(HttpStatusCode.OK);
        // Two admins: one may take the other's role, and its own.
        var taken = await (await _api.SetRoleAsync(token, operatorId, granted: false)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.GetAsync("/admin/audit", operatorToken)).ReadProblemAsync(HttpStatusCode.Forbidden);
        var last = await _api.SetRoleAsync(token, user.Id, granted: false);
        var stillAdmin = await _api.GetAsync("/admin/audit", token);

        Assert.Equal(["admin"], granted["data"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Empty(taken["data"]!["roles"]!.AsArray());
        Assert.Contains("last admin", (await last.ReadProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>());
        await stillAdmin.ReadJsonAsync(HttpStatusCode.OK);

        // Back as it was: the operator the admin, this user not.
        await (await _api.SetRoleAsync(token, operatorId, granted: true)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.SetRoleAsync(operatorToken, user.Id, granted: false)).ReadJsonAsync(HttpStatusCode.OK);
        var self = await _api.SetRoleAsync(operatorToken, operatorId, granted: false);
        await self.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Unknown_roles_users_and_missing_fields_are_problems()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var (user, _) = await _api.NewSessionAsync();

        var unknownRole = await _api.PostJsonAsync($"/admin/users/{user.Id}/roles", new { role = "owner", granted = true }, operatorToken);
        var missingGranted = await _api.PostJsonAsync($"/admin/users/{user.Id}/roles", new { role = "admin" }, operatorToken);
        var unknownUser = await _api.SetRoleAsync(operatorToken, "no-such-user", granted: true);
        var unknownUserView = await _api.GetAsync("/admin/users/no-such-user", operatorToken);

        Assert.NotNull((await unknownRole.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["role"]);
        Assert.NotNull((await missingGranted.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["granted"]);
        await unknownUser.ReadProblemAsync(HttpStatusCode.NotFound);
        await unknownUserView.ReadProblemAsync(HttpStatusCode.NotFound);
    }
}
