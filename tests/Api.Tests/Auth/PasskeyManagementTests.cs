using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Auth;

/// <summary>Registering passkeys while signed in, and listing, renaming and deleting them.</summary>
public sealed class PasskeyManagementTests(PasskeyApiFactory factory) : IClassFixture<PasskeyApiFactory>
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Fact]
    public async Task A_registration_answered_from_another_origin_is_refused_and_nothing_is_registered()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();

        var answer = authenticator.Create(await _api.RegistrationOptionsAsync(token), asOrigin: "https://phish.example");
        await (await _api.PostJsonAsync("/auth/passkeys/register", answer, token)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(await _api.ListPasskeysAsync(token));
        await (await _api.LogInWithPasskeyAsync(authenticator.Get(await _api.LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_registration_challenge_cannot_be_answered_by_another_user()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (_, other) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();

        var answer = authenticator.Create(await _api.RegistrationOptionsAsync(owner));
        var refused = await (await _api.PostJsonAsync("/auth/passkeys/register", answer, other)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("No passkey registration is pending", refused.Message());
        Assert.Empty(await _api.ListPasskeysAsync(other));
    }

    [Fact]
    public async Task Passkeys_are_listed_renamed_and_deleted_and_a_deleted_one_signs_in_no_more()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var phone = PasskeyApiFactory.NewAuthenticator();
        using var laptop = PasskeyApiFactory.NewAuthenticator();
        await _api.RegisterPasskeyAsync(token, phone, "Phone");
        await _api.RegisterPasskeyAsync(token, laptop);

        var listed = await _api.ListPasskeysAsync(token);
        Assert.Equal([(phone.Id, "Phone"), (laptop.Id, "Passkey")],
            listed.Select(p => (p!["id"]!.GetValue<string>(), p["name"]!.GetValue<string>())));

        var renamed = await (await _api.SendAsync(HttpMethod.Patch, $"/user/passkeys/{laptop.Id}",
            System.Net.Http.Json.JsonContent.Create(new { name = "  Work laptop " }), token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Work laptop", renamed["data"]!["name"]!.GetValue<string>());
        var deleted = await _api.SendAsync(HttpMethod.Delete, $"/user/passkeys/{phone.Id}", null, token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var remaining = Assert.Single(await _api.ListPasskeysAsync(token));
        Assert.Equal((laptop.Id, "Work laptop"), (remaining!["id"]!.GetValue<string>(), remaining["name"]!.GetValue<string>()));
        await (await _api.LogInWithPasskeyAsync(phone.Get(await _api.LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await _api.AssertSignsInAsync(laptop);
        await (await _api.SendAsync(HttpMethod.Delete, $"/user/passkeys/{phone.Id}", null, token)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_users_passkey_is_not_found_for_rename_or_delete()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await _api.RegisterPasskeyAsync(owner, authenticator, "Mine");

        await (await _api.SendAsync(HttpMethod.Patch, $"/user/passkeys/{authenticator.Id}",
            System.Net.Http.Json.JsonContent.Create(new { name = "Stolen" }), stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendAsync(HttpMethod.Delete, $"/user/passkeys/{authenticator.Id}", null, stranger)).ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.Empty(await _api.ListPasskeysAsync(stranger));
        Assert.Equal("Mine", Assert.Single(await _api.ListPasskeysAsync(owner))!["name"]!.GetValue<string>());
        await _api.AssertSignsInAsync(authenticator);
    }

    [Fact]
    public async Task The_same_passkey_cannot_be_registered_twice()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await _api.RegisterPasskeyAsync(token, authenticator);

        var again = authenticator.Create(await _api.RegistrationOptionsAsync(token));
        await (await _api.PostJsonAsync("/auth/passkeys/register", again, token)).ReadProblemAsync(HttpStatusCode.Conflict);

        Assert.Single(await _api.ListPasskeysAsync(token));
    }

    [Fact]
    public async Task Malformed_answers_are_400_problems()
    {
        var (_, token) = await _api.NewSessionAsync();

        await (await _api.PostRawAsync("/auth/passkeys/login", "{not json")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await _api.PostJsonAsync("/auth/passkeys/login", new { id = "AA", rawId = "AA", type = "public-key" }))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await _api.PostJsonAsync("/auth/passkeys/login", new
        {
            id = "AA", rawId = "AA", type = "public-key",
            response = new { clientDataJSON = "!!", authenticatorData = "AA", signature = "AA" },
        })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await _api.PostJsonAsync("/auth/passkeys/register", new
        {
            id = "AA", rawId = "AQ", type = "public-key", response = new { clientDataJSON = "AA", attestationObject = "AA" },
        }, token)).ReadProblemAsync(HttpStatusCode.BadRequest);
        // Well-formed base64url that is not WebAuthn at all: refused as an answer, never a server error.
        await (await _api.PostJsonAsync("/auth/passkeys/login", new
        {
            id = "AA", rawId = "AA", type = "public-key",
            response = new { clientDataJSON = "AA", authenticatorData = "AA", signature = "AA", userHandle = "AA" },
        })).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Managing_passkeys_needs_a_signed_in_person()
    {
        await (await _api.SendAsync(HttpMethod.Post, "/auth/passkeys/register/options", null, null)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.GetAsync("/user/passkeys")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Deleting_the_account_takes_its_passkeys_along()
    {
        var (user, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await _api.RegisterPasskeyAsync(token, authenticator);

        var deleted = await _api.SendAsync(HttpMethod.Delete, "/user/me",
            System.Net.Http.Json.JsonContent.Create(new { password = user.Password }), token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var refused = await (await _api.LogInWithPasskeyAsync(authenticator.Get(await _api.LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("not registered", refused.Message());
    }
}
