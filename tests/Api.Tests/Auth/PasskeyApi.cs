using System.Net;
using System.Text.Json.Nodes;

namespace GeminiClone.Api.Tests.Auth;

/// <summary>The passkey calls the tests make, as a client would.</summary>
public static class PasskeyApi
{
    public static async Task<JsonNode> RegistrationOptionsAsync(this ApiClient api, string token) =>
        (await (await api.SendAsync(HttpMethod.Post, "/auth/passkeys/register/options", null, token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    public static async Task<JsonNode> RegisterPasskeyAsync(this ApiClient api, string token, SoftwareAuthenticator authenticator, string? name = null, JsonNode? options = null)
    {
        var answer = authenticator.Create(options ?? await api.RegistrationOptionsAsync(token));
        if (name is not null)
        {
            answer["name"] = name;
        }

        return (await (await api.PostJsonAsync("/auth/passkeys/register", answer, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!;
    }

    public static async Task<JsonNode> LoginOptionsAsync(this ApiClient api) =>
        (await (await api.SendAsync(HttpMethod.Post, "/auth/passkeys/login/options", null, null)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    public static Task<HttpResponseMessage> LogInWithPasskeyAsync(this ApiClient api, JsonObject answer) => api.PostJsonAsync("/auth/passkeys/login", answer);

    public static async Task AssertSignsInAsync(this ApiClient api, SoftwareAuthenticator authenticator) =>
        await (await api.LogInWithPasskeyAsync(authenticator.Get(await api.LoginOptionsAsync()))).ReadJsonAsync(HttpStatusCode.OK);

    public static async Task<JsonArray> ListPasskeysAsync(this ApiClient api, string token) =>
        (await (await api.GetAsync("/user/passkeys", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray();
}
