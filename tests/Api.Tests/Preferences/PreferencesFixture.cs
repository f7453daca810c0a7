using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.GeminiEmulator;

namespace GeminiClone.Api.Tests.Preferences;

/// <summary>
/// Chat with a known service instruction (so a test can spell out the whole system instruction a turn sends), a
/// small Gem limit (so the limit test does not make 100), and no practical message quota.
/// </summary>
public sealed class PreferencesFixture : ChatFixture
{
    public const string ServiceInstruction = "You are the service's assistant.";

    public const int MaxGems = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("Chat:SystemInstruction", ServiceInstruction),
        new("Gems:MaxPerUser", MaxGems.ToString()),
        new("BASIC_DAILY_LIMIT", "100000"),
        new("Gemini:Timeout", "00:00:30"), new("Gemini:AttemptTimeout", "00:00:30"),
    ];
}

/// <summary>The preferences and Gems routes as a client calls them.</summary>
public static class PreferencesApi
{
    public static Task<HttpResponseMessage> PutPreferencesAsync(this ApiClient api, string token, object body) =>
        api.SendAsync(HttpMethod.Put, "/user/preferences", JsonContent.Create(body), token);

    public static async Task<JsonNode> GetPreferencesAsync(this ApiClient api, string token) =>
        (await (await api.GetAsync("/user/preferences", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    public static Task<HttpResponseMessage> PostGemAsync(this ApiClient api, string token, object body) =>
        api.PostJsonAsync("/gems", body, token);

    /// <summary>A new Gem's data (201 asserted).</summary>
    public static async Task<JsonNode> CreateGemAsync(this ApiClient api, string token, object body) =>
        (await (await api.PostGemAsync(token, body)).ReadJsonAsync(HttpStatusCode.Created))["data"]!;

    public static Task<HttpResponseMessage> PatchGemAsync(this ApiClient api, string token, string gemId, object body) =>
        api.SendAsync(HttpMethod.Patch, $"/gems/{gemId}", JsonContent.Create(body), token);

    /// <summary>A new chatroom's data (201 asserted).</summary>
    public static async Task<JsonNode> StartChatroomAsync(this ApiClient api, string token, object body) =>
        (await (await api.PostJsonAsync("/chatroom", body, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!;

    /// <summary>Sends <paramref name="marker"/> in the chatroom and answers what reached Gemini for it.</summary>
    public static async Task<RecordedRequest> TurnSentAsync(this ApiClient api, GeminiEmulatorServer gemini, string token, string chatroomId, string marker)
    {
        await api.ChatAsync(token, chatroomId, marker);
        return Assert.Single(gemini.Requests.Containing(marker));
    }

    public static string NewMarker() => $"marker-{Guid.NewGuid():N}";

    public static string Id(this JsonNode data) => data["id"]!.GetValue<string>();

    public static IReadOnlyList<string> Strings(this JsonNode? array) => [.. array!.AsArray().Select(t => t!.GetValue<string>())];
}
