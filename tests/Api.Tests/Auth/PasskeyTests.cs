using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Auth;

/// <summary>
/// Passkeys through real HTTP with a software authenticator: register while signed in, sign in with nothing but the
/// passkey, and every way an answer can be wrong is a 401 that opens no session.
/// </summary>
public sealed class PasskeyTests(PasskeyApiFactory factory) : IClassFixture<PasskeyApiFactory>
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Fact]
    public async Task A_registered_passkey_signs_in_as_verify_otp_does_and_opens_a_session()
    {
        var (user, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();

        var created = await RegisterAsync(token, authenticator, "Laptop");

        Assert.Equal(authenticator.Id, created["id"]!.GetValue<string>());
        Assert.Equal("Laptop", created["name"]!.GetValue<string>());
        Assert.True(created["createdAt"]!.GetValue<DateTime>() > DateTime.UtcNow.AddMinutes(-1));
        Assert.Null(created["lastUsedAt"]);
        var signIn = await (await LogInAsync(authenticator.Get(await LoginOptionsAsync()))).ReadJsonAsync(HttpStatusCode.OK);
        var data = signIn["data"]!;
        Assert.Equal("Bearer", data["tokenType"]!.GetValue<string>());
        Assert.StartsWith($"{user.Id}.", data["refreshToken"]!.GetValue<string>());
        Assert.InRange(data["expiresIn"]!.GetValue<long>(), 1, 86_400);
        var passkeyToken = data["token"]!.GetValue<string>();
        var me = await (await _api.GetAsync("/user/me", passkeyToken)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(user.Id, me["data"]!["id"]!.GetValue<string>());
        var sessions = (await (await _api.GetAsync("/user/sessions", passkeyToken)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray();
        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s!["current"]!.GetValue<bool>());
        var listed = Assert.Single(await ListAsync(passkeyToken));
        Assert.NotNull(listed!["lastUsedAt"]);
        // The refresh token works as verify-otp's does.
        await (await _api.PostJsonAsync("/auth/refresh", new { refreshToken = data["refreshToken"]!.GetValue<string>() }))
            .ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Creation_options_ask_for_a_discoverable_ES256_or_RS256_key_and_exclude_the_users_passkeys()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var first = PasskeyApiFactory.NewAuthenticator();

        var before = await RegistrationOptionsAsync(token);
        await RegisterAsync(token, first, options: before);
        var after = await RegistrationOptionsAsync(token);

        Assert.Equal("localhost", before["rp"]!["id"]!.GetValue<string>());
        Assert.Equal("GeminiClone", before["rp"]!["name"]!.GetValue<string>());
        Assert.Equal(43, before["challenge"]!.GetValue<string>().Length);
        Assert.Equal(43, before["user"]!["id"]!.GetValue<string>().Length);
        Assert.Equal([-7, -257], before["pubKeyCredParams"]!.AsArray().Select(p => p!["alg"]!.GetValue<int>()));
        Assert.All(before["pubKeyCredParams"]!.AsArray(), p => Assert.Equal("public-key", p!["type"]!.GetValue<string>()));
        Assert.Equal("required", before["authenticatorSelection"]!["residentKey"]!.GetValue<string>());
        Assert.Equal("none", before["attestation"]!.GetValue<string>());
        Assert.Empty(before["excludeCredentials"]!.AsArray());
        // The same random user handle for every passkey of the account, and the one it has is excluded.
        Assert.Equal(before["user"]!["id"]!.GetValue<string>(), after["user"]!["id"]!.GetValue<string>());
        var excluded = Assert.Single(after["excludeCredentials"]!.AsArray());
        Assert.Equal(first.Id, excluded!["id"]!.GetValue<string>());
        Assert.Equal("public-key", excluded["type"]!.GetValue<string>());
        Assert.NotEqual(before["challenge"]!.GetValue<string>(), after["challenge"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_options_are_for_discoverable_passkeys_and_need_no_sign_in()
    {
        var response = await _api.SendAsync(HttpMethod.Post, "/auth/passkeys/login/options", null, null);

        var options = (await response.ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        Assert.Equal("localhost", options["rpId"]!.GetValue<string>());
        Assert.Empty(options["allowCredentials"]!.AsArray());
        Assert.Equal("preferred", options["userVerification"]!.GetValue<string>());
        Assert.Equal(43, options["challenge"]!.GetValue<string>().Length);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task An_answer_used_twice_is_refused_the_second_time()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await RegisterAsync(token, authenticator);
        var answer = authenticator.Get(await LoginOptionsAsync());

        await (await LogInAsync(answer)).ReadJsonAsync(HttpStatusCode.OK);
        var replay = await (await LogInAsync(answer)).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("expired or was used", replay.Message());
    }

    [Fact]
    public async Task A_failed_answer_spends_its_challenge_too()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await RegisterAsync(token, authenticator);
        var options = await LoginOptionsAsync();

        await (await LogInAsync(authenticator.Get(options, asOrigin: "https://phish.example"))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var retry = await (await LogInAsync(authenticator.Get(options))).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("expired or was used", retry.Message());
    }

    [Fact]
    public async Task An_answer_from_another_origin_is_refused()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await RegisterAsync(token, authenticator);

        var refused = await (await LogInAsync(authenticator.Get(await LoginOptionsAsync(), asOrigin: "https://phish.example")))
            .ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("could not be verified", refused.Message());
        await AssertSignsInAsync(authenticator);
    }

    [Fact]
    public async Task An_answer_for_another_relying_party_is_refused()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await RegisterAsync(token, authenticator);

        var refused = await (await LogInAsync(authenticator.Get(await LoginOptionsAsync(), asRpId: "phish.example")))
            .ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("could not be verified", refused.Message());
        await AssertSignsInAsync(authenticator);
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await RegisterAsync(token, authenticator);
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var refused = await (await LogInAsync(authenticator.Get(await LoginOptionsAsync(), signingKey: forger)))
            .ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("could not be verified", refused.Message());
        await AssertSignsInAsync(authenticator);
    }

    [Fact]
    public async Task A_passkey_never_registered_here_is_refused()
    {
        using var stranger = PasskeyApiFactory.NewAuthenticator();
        using var other = PasskeyApiFactory.NewAuthenticator();
        var (_, token) = await _api.NewSessionAsync();
        await RegisterAsync(token, other);

        var refused = await (await LogInAsync(stranger.Get(await LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("not registered", refused.Message());
    }

    [Fact]
    public async Task A_signature_counter_that_goes_backwards_is_refused_and_the_passkey_is_marked_possibly_cloned()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await RegisterAsync(token, authenticator);
        authenticator.Counter = 10;
        await AssertSignsInAsync(authenticator);

        authenticator.Counter = 4;
        var refused = await (await LogInAsync(authenticator.Get(await LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("counter went backwards", refused.Message());
        Assert.True(Assert.Single(await ListAsync(token))!["possiblyCloned"]!.GetValue<bool>());
        // Marked, it signs in no more, even with a counter ahead of everything seen.
        authenticator.Counter = 1_000;
        await (await LogInAsync(authenticator.Get(await LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_registration_answered_from_another_origin_is_refused_and_nothing_is_registered()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();

        var answer = authenticator.Create(await RegistrationOptionsAsync(token), asOrigin: "https://phish.example");
        await (await _api.PostJsonAsync("/auth/passkeys/register", answer, token)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(await ListAsync(token));
        await (await LogInAsync(authenticator.Get(await LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_registration_challenge_cannot_be_answered_by_another_user()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (_, other) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();

        var answer = authenticator.Create(await RegistrationOptionsAsync(owner));
        var refused = await (await _api.PostJsonAsync("/auth/passkeys/register", answer, other)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("No passkey registration is pending", refused.Message());
        Assert.Empty(await ListAsync(other));
    }

    [Fact]
    public async Task Passkeys_are_listed_renamed_and_deleted_and_a_deleted_one_signs_in_no_more()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var phone = PasskeyApiFactory.NewAuthenticator();
        using var laptop = PasskeyApiFactory.NewAuthenticator();
        await RegisterAsync(token, phone, "Phone");
        await RegisterAsync(token, laptop);

        var listed = await ListAsync(token);
        Assert.Equal([(phone.Id, "Phone"), (laptop.Id, "Passkey")],
            listed.Select(p => (p!["id"]!.GetValue<string>(), p["name"]!.GetValue<string>())));

        var renamed = await (await _api.SendAsync(HttpMethod.Patch, $"/user/passkeys/{laptop.Id}",
            System.Net.Http.Json.JsonContent.Create(new { name = "  Work laptop " }), token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Work laptop", renamed["data"]!["name"]!.GetValue<string>());
        var deleted = await _api.SendAsync(HttpMethod.Delete, $"/user/passkeys/{phone.Id}", null, token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var remaining = Assert.Single(await ListAsync(token));
        Assert.Equal((laptop.Id, "Work laptop"), (remaining!["id"]!.GetValue<string>(), remaining["name"]!.GetValue<string>()));
        await (await LogInAsync(phone.Get(await LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await AssertSignsInAsync(laptop);
        await (await _api.SendAsync(HttpMethod.Delete, $"/user/passkeys/{phone.Id}", null, token)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_users_passkey_is_not_found_for_rename_or_delete()
    {
        var (_, owner) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await RegisterAsync(owner, authenticator, "Mine");

        await (await _api.SendAsync(HttpMethod.Patch, $"/user/passkeys/{authenticator.Id}",
            System.Net.Http.Json.JsonContent.Create(new { name = "Stolen" }), stranger)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendAsync(HttpMethod.Delete, $"/user/passkeys/{authenticator.Id}", null, stranger)).ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.Empty(await ListAsync(stranger));
        Assert.Equal("Mine", Assert.Single(await ListAsync(owner))!["name"]!.GetValue<string>());
        await AssertSignsInAsync(authenticator);
    }

    [Fact]
    public async Task The_same_passkey_cannot_be_registered_twice()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await RegisterAsync(token, authenticator);

        var again = authenticator.Create(await RegistrationOptionsAsync(token));
        await (await _api.PostJsonAsync("/auth/passkeys/register", again, token)).ReadProblemAsync(HttpStatusCode.Conflict);

        Assert.Single(await ListAsync(token));
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
        await RegisterAsync(token, authenticator);

        var deleted = await _api.SendAsync(HttpMethod.Delete, "/user/me",
            System.Net.Http.Json.JsonContent.Create(new { password = user.Password }), token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var refused = await (await LogInAsync(authenticator.Get(await LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("not registered", refused.Message());
    }

    private async Task<JsonNode> RegistrationOptionsAsync(string token) =>
        (await (await _api.SendAsync(HttpMethod.Post, "/auth/passkeys/register/options", null, token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    private async Task<JsonNode> RegisterAsync(string token, SoftwareAuthenticator authenticator, string? name = null, JsonNode? options = null)
    {
        var answer = authenticator.Create(options ?? await RegistrationOptionsAsync(token));
        if (name is not null)
        {
            answer["name"] = name;
        }

        return (await (await _api.PostJsonAsync("/auth/passkeys/register", answer, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!;
    }

    private async Task<JsonNode> LoginOptionsAsync() =>
        (await (await _api.SendAsync(HttpMethod.Post, "/auth/passkeys/login/options", null, null)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    private Task<HttpResponseMessage> LogInAsync(JsonObject answer) => _api.PostJsonAsync("/auth/passkeys/login", answer);

    private async Task AssertSignsInAsync(SoftwareAuthenticator authenticator) =>
        await (await LogInAsync(authenticator.Get(await LoginOptionsAsync()))).ReadJsonAsync(HttpStatusCode.OK);

    private async Task<JsonArray> ListAsync(string token) =>
        (await (await _api.GetAsync("/user/passkeys", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray();
}

/// <summary>A challenge lives one second here, so a test can watch one expire.</summary>
public sealed class PasskeyExpiryTests(ShortChallengeApiFactory factory) : IClassFixture<ShortChallengeApiFactory>
{
    [Fact]
    public async Task An_answer_after_the_challenge_expired_is_refused()
    {
        var api = factory.CreateApiClient();
        var (_, token) = await api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        var creation = (await (await api.SendAsync(HttpMethod.Post, "/auth/passkeys/register/options", null, token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        await (await api.PostJsonAsync("/auth/passkeys/register", authenticator.Create(creation), token)).ReadJsonAsync(HttpStatusCode.Created);
        var options = (await (await api.SendAsync(HttpMethod.Post, "/auth/passkeys/login/options", null, null)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var refused = await (await api.PostJsonAsync("/auth/passkeys/login", authenticator.Get(options))).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("expired or was used", refused.Message());
    }
}

/// <summary>A front end on another port of localhost, as a single-page app in development is.</summary>
public sealed class PasskeyApiFactory() : ApiFactory([new("WEBAUTHN_RP_ID", "localhost"), new("WEBAUTHN_ORIGINS", $"{Origin}, http://127.0.0.1:5173")])
{
    public const string Origin = "http://localhost:5173";

    public static SoftwareAuthenticator NewAuthenticator() => new(Origin);
}

public sealed class ShortChallengeApiFactory() : ApiFactory(
    [new("WebAuthn:Origins", PasskeyApiFactory.Origin), new("WebAuthn:ChallengeLifetime", "00:00:01")]);
