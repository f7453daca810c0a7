using System.Net;
using System.Text.Json;
using GeminiClone.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GeminiClone.Browser.Tests;

/// <summary>
/// Passkeys as a page uses them: headless Chromium's own WebAuthn stack with a DevTools virtual authenticator,
/// options through <c>PublicKeyCredential.parse*OptionsFromJSON</c> and answers through <c>credential.toJSON()</c>,
/// with no translation in between.
/// </summary>
public sealed class PasskeyBrowserTests(PasskeyBrowserApiFactory factory) : IClassFixture<PasskeyBrowserApiFactory>
{
    /// <summary>What a page needs for passkeys: the same ten lines the README shows.</summary>
    private const string RegisterThenSignIn = """
        async (token) => {
          const post = (path, body, auth) => fetch(path, { method: 'POST',
            headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
            body: body === undefined ? undefined : JSON.stringify(body) }).then(async r => ({ status: r.status, body: await r.json() }));
          const creation = await post('/auth/passkeys/register/options', undefined, token);
          const created = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(creation.body.data) });
          const registered = await post('/auth/passkeys/register', { ...created.toJSON(), name: 'Headless Chromium' }, token);
          const request = await post('/auth/passkeys/login/options');
          const asserted = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(request.body.data) });
          const signedIn = await post('/auth/passkeys/login', asserted.toJSON());
          return JSON.stringify({ created: created.id, registered, signedIn });
        }
        """;

    [Fact]
    public async Task A_page_registers_a_passkey_and_signs_in_with_it_through_navigator_credentials()
    {
        var api = factory.CreateApiClient();
        var (user, token) = await api.NewSessionAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
        var page = await browser.NewPageAsync();
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        // The Api's own origin, http://localhost:{port}: a secure context whose effective domain is the RP id.
        await page.GotoAsync($"{factory.Origin}/health/live");

        var outcome = JsonDocument.Parse(await page.EvaluateAsync<string>(RegisterThenSignIn, token)).RootElement;

        var registered = outcome.GetProperty("registered");
        Assert.True(registered.GetProperty("status").GetInt32() == 201, registered.ToString());
        var passkey = registered.GetProperty("body").GetProperty("data");
        Assert.Equal(outcome.GetProperty("created").GetString(), passkey.GetProperty("id").GetString());
        Assert.Equal("Headless Chromium", passkey.GetProperty("name").GetString());
        var signedIn = outcome.GetProperty("signedIn");
        Assert.True(signedIn.GetProperty("status").GetInt32() == 200, signedIn.ToString());
        var passkeyToken = signedIn.GetProperty("body").GetProperty("data").GetProperty("token").GetString()!;
        Assert.NotEqual(token, passkeyToken);
        var me = await (await api.GetAsync("/user/me", passkeyToken)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(user.Id, me["data"]!["id"]!.GetValue<string>());
    }
}

/// <summary>The Api on a port chosen before start, so the passkey origin can name it.</summary>
public sealed class PasskeyBrowserApiFactory : ApiFactory
{
    public PasskeyBrowserApiFactory()
        : this(LoopbackPorts.Next())
    {
    }

    private PasskeyBrowserApiFactory(int port)
        : base([new("WebAuthn:RelyingPartyId", "localhost"), new("WebAuthn:Origins", $"http://localhost:{port}")], httpPort: port) =>
        Origin = $"http://localhost:{port}";

    public string Origin { get; }
}
