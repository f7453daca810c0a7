using System.Net;
using System.Net.Http.Json;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Users;

[Collection(ApiCollection.Name)]
public sealed class ApiKeyTests(ApiFactory factory)
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Fact]
    public async Task A_key_is_shown_once_works_as_a_bearer_on_user_routes_and_is_listed_without_its_secret()
    {
        var (user, token) = await _api.NewSessionAsync();

        var created = await (await _api.PostJsonAsync("/user/api-keys", new { name = "nightly export" }, token)).ReadJsonAsync(HttpStatusCode.Created);
        var key = created["data"]!["key"]!.GetValue<string>();
        var me = await (await _api.GetAsync("/user/me", key)).ReadJsonAsync(HttpStatusCode.OK);
        var rooms = await _api.GetAsync("/chatroom", key);
        var list = await (await _api.GetAsync("/user/api-keys", token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Matches("^gc_[A-Za-z0-9_-]{43}$", key);
        Assert.Equal(user.Id, me["data"]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, rooms.StatusCode);
        var listed = Assert.Single(list["data"]!.AsArray());
        Assert.Equal("nightly export", listed!["name"]!.GetValue<string>());
        Assert.Equal(created["data"]!["id"]!.GetValue<string>(), listed["id"]!.GetValue<string>());
        Assert.StartsWith(listed["prefix"]!.GetValue<string>(), key, StringComparison.Ordinal);
        Assert.NotNull(listed["lastUsedAt"]);
        Assert.DoesNotContain(key, list.ToJsonString());
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_and_another_users_key_id_is_a_404()
    {
        var (_, token) = await _api.NewSessionAsync();
        var (_, otherToken) = await _api.NewSessionAsync();
        var created = (await (await _api.PostJsonAsync("/user/api-keys", new { name = "ci" }, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!;
        var key = created["key"]!.GetValue<string>();
        var id = created["id"]!.GetValue<string>();
        await (await _api.GetAsync("/user/me", key)).ReadJsonAsync(HttpStatusCode.OK);

        var stranger = await _api.SendAsync(HttpMethod.Delete, $"/user/api-keys/{id}", null, otherToken);
        var revoked = await _api.SendAsync(HttpMethod.Delete, $"/user/api-keys/{id}", null, token);
        var after = await _api.GetAsync("/user/me", key);

        await stranger.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await after.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("POST", "/user/api-keys")]
    [InlineData("GET", "/user/api-keys")]
    [InlineData("POST", "/auth/change-password")]
    [InlineData("DELETE", "/user/me")]
    [InlineData("POST", "/auth/logout")]
    [InlineData("POST", "/auth/passkeys/register/options")]
    [InlineData("GET", "/user/passkeys")]
    public async Task A_key_cannot_manage_credentials_or_the_account(string method, string path)
    {
        var (_, token) = await _api.NewSessionAsync();
        var key = (await (await _api.PostJsonAsync("/user/api-keys", new { name = "script" }, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!["key"]!
            .GetValue<string>();

        var response = await _api.SendAsync(new HttpMethod(method), path,
            JsonContent.Create(new { name = "more", password = ApiClient.Password, currentPassword = ApiClient.Password, newPassword = "another password" }), key);

        var problem = await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("API keys cannot", problem["detail"]!.GetValue<string>());
        await (await _api.GetAsync("/user/me", key)).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_expired_malformed_or_unknown_key_is_a_401_problem()
    {
        var (_, token) = await _api.NewSessionAsync();
        var past = await _api.PostJsonAsync("/user/api-keys", new { name = "old", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) }, token);
        var shortLived = (await (await _api.PostJsonAsync("/user/api-keys", new { name = "brief", expiresAt = DateTimeOffset.UtcNow.AddSeconds(2) }, token))
            .ReadJsonAsync(HttpStatusCode.Created))["data"]!["key"]!.GetValue<string>();
        await (await _api.GetAsync("/user/me", shortLived)).ReadJsonAsync(HttpStatusCode.OK);

        await Eventually.HoldsAsync(async () => (await _api.GetAsync("/user/me", shortLived)).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(10));

        await past.ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await _api.GetAsync("/user/me", "gc_not-a-key")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.GetAsync("/user/me", "gc_" + new string('A', 43))).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_counts_against_its_owners_daily_quota_like_the_owners_token()
    {
        var (_, token) = await _api.NewSessionAsync();
        var key = (await (await _api.PostJsonAsync("/user/api-keys", new { name = "bot" }, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!["key"]!
            .GetValue<string>();

        var byKey = await (await _api.GetAsync("/subscription/status", key)).ReadJsonAsync(HttpStatusCode.OK);
        var byToken = await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(byToken["data"]!.ToJsonString(), byKey["data"]!.ToJsonString());
    }
}
