using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Auth;

/// <summary>
/// Signing in with passkeys through real HTTP with a software authenticator: with nothing but the passkey, and every
/// way an answer can be wrong is a 401 that opens no session.
/// </summary>
public sealed class PasskeySignInTests(PasskeyApiFactory factory) : IClassFixture<PasskeyApiFactory>
{
    private readonly ApiClient _api = factory.CreateApiClient();


    [Fact]
    public async Task A_registered_passkey_signs_in_as_verify_otp_does_and_opens_a_session()
    {
        var (user, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();

        var created = await _api.RegisterPasskeyAsync(token, authenticator, "Laptop");

        Assert.Equal(authenticator.Id, created["id"]!.GetValue<string>());
        Assert.Equal("Laptop", created["name"]!.GetValue<string>());
        Assert.True(created["createdAt"]!.GetValue<DateTime>() > DateTime.UtcNow.AddMinutes(-1));
        Assert.Null(created["lastUsedAt"]);
        var signIn = await (await _api.LogInWithPasskeyAsync(authenticator.Get(await _api.LoginOptionsAsync()))).ReadJsonAsync(HttpStatusCode.OK);
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
        var listed = Assert.Single(await _api.ListPasskeysAsync(passkeyToken));
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

        var before = await _api.RegistrationOptionsAsync(token);
        await _api.RegisterPasskeyAsync(token, first, options: before);
        var after = await _api.RegistrationOptionsAsync(token);

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
        await _api.RegisterPasskeyAsync(token, authenticator);
        var answer = authenticator.Get(await _api.LoginOptionsAsync());

        await (await _api.LogInWithPasskeyAsync(answer)).ReadJsonAsync(HttpStatusCode.OK);
        var replay = await (await _api.LogInWithPasskeyAsync(answer)).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("expired or was used", replay.Message());
    }

    [Fact]
    public async Task A_failed_answer_spends_its_challenge_too()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await _api.RegisterPasskeyAsync(token, authenticator);
        var options = await _api.LoginOptionsAsync();

        await (await _api.LogInWithPasskeyAsync(authenticator.Get(options, asOrigin: "https://phish.example"))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var retry = await (await _api.LogInWithPasskeyAsync(authenticator.Get(options))).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("expired or was used", retry.Message());
    }

    [Fact]
    public async Task An_answer_from_another_origin_is_refused()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await _api.RegisterPasskeyAsync(token, authenticator);

        var refused = await (await _api.LogInWithPasskeyAsync(authenticator.Get(await _api.LoginOptionsAsync(), asOrigin: "https://phish.example")))
            .ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("could not be verified", refused.Message());
        await _api.AssertSignsInAsync(authenticator);
    }

    [Fact]
    public async Task An_answer_for_another_relying_party_is_refused()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await _api.RegisterPasskeyAsync(token, authenticator);

        var refused = await (await _api.LogInWithPasskeyAsync(authenticator.Get(await _api.LoginOptionsAsync(), asRpId: "phish.example")))
            .ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("could not be verified", refused.Message());
        await _api.AssertSignsInAsync(authenticator);
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await _api.RegisterPasskeyAsync(token, authenticator);
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var refused = await (await _api.LogInWithPasskeyAsync(authenticator.Get(await _api.LoginOptionsAsync(), signingKey: forger)))
            .ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("could not be verified", refused.Message());
        await _api.AssertSignsInAsync(authenticator);
    }

    [Fact]
    public async Task A_passkey_never_registered_here_is_refused()
    {
        using var stranger = PasskeyApiFactory.NewAuthenticator();
        using var other = PasskeyApiFactory.NewAuthenticator();
        var (_, token) = await _api.NewSessionAsync();
        await _api.RegisterPasskeyAsync(token, other);

        var refused = await (await _api.LogInWithPasskeyAsync(stranger.Get(await _api.LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("not registered", refused.Message());
    }

    [Fact]
    public async Task A_signature_counter_that_goes_backwards_is_refused_and_the_passkey_is_marked_possibly_cloned()
    {
        var (_, token) = await _api.NewSessionAsync();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();
        await _api.RegisterPasskeyAsync(token, authenticator);
        authenticator.Counter = 10;
        await _api.AssertSignsInAsync(authenticator);

        authenticator.Counter = 4;
        var refused = await (await _api.LogInWithPasskeyAsync(authenticator.Get(await _api.LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("counter went backwards", refused.Message());
        Assert.True(Assert.Single(await _api.ListPasskeysAsync(token))!["possiblyCloned"]!.GetValue<bool>());
        // Marked, it signs in no more, even with a counter ahead of everything seen.
        authenticator.Counter = 1_000;
        await (await _api.LogInWithPasskeyAsync(authenticator.Get(await _api.LoginOptionsAsync()))).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
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
