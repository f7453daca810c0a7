using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.GeminiEmulator;

namespace GeminiClone.Api.Tests.Users;

/// <summary>
/// The Api and the emulator with a price table of the test's own (not Google's, so a change of Google's prices
/// changes no test) and Basic users without a practical daily limit.
/// </summary>
public class UsageFixture : ChatFixture
{
    public const string Flash = "gemini-3.5-flash";
    public const string FlashLite = "gemini-3.5-flash-lite";

    /// <summary>USD per million tokens: (input, cached input, output) by model.</summary>
    public static readonly IReadOnlyDictionary<string, (decimal Input, decimal Cached, decimal Output)> Prices =
        new Dictionary<string, (decimal, decimal, decimal)> { [Flash] = (1.25m, 0.125m, 10m), [FlashLite] = (0.5m, 0.05m, 4m) };

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("BASIC_DAILY_LIMIT", "100000"),
        // The silo's tally of the service-wide figures forwarded every tenth of a second: tests that read them wait little.
        new("Usage:ServiceForwardInterval", "00:00:00.100"),
        .. Prices.SelectMany(p => new KeyValuePair<string, string?>[]
        {
            new($"Usage:Prices:{p.Key}:InputPerMillion", p.Value.Input.ToString(CultureInfo.InvariantCulture)),
            new($"Usage:Prices:{p.Key}:CachedInputPerMillion", p.Value.Cached.ToString(CultureInfo.InvariantCulture)),
            new($"Usage:Prices:{p.Key}:OutputPerMillion", p.Value.Output.ToString(CultureInfo.InvariantCulture)),
        }),
    ];
}

/// <summary>What the emulator says it counted, summed as Gemini bills it: the test's expectation, never a constant.</summary>
public sealed record EmulatedUsage(int Turns, long Input, long Cached, long Output, long Thoughts)
{
    public static EmulatedUsage Of(IEnumerable<RecordedRequest> answered)
    {
        var usages = answered.Select(r => r.AnsweredUsage ?? throw new InvalidOperationException("The emulator did not answer this request.")).ToList();
        return new(
            usages.Count,
            usages.Sum(u => Count(u, "promptTokenCount")),
            usages.Sum(u => Count(u, "cachedContentTokenCount")),
            usages.Sum(u => Count(u, "candidatesTokenCount")),
            usages.Sum(u => Count(u, "thoughtsTokenCount")));
    }

    /// <summary>Fresh input, cached input and output (thoughts included) at the per-million prices.</summary>
    public decimal CostAt((decimal Input, decimal Cached, decimal Output) price) =>
        ((Input - Cached) * price.Input + Cached * price.Cached + (Output + Thoughts) * price.Output) / 1_000_000m;

    // The emulator builds its numbers as ints; read them as the wire carries them.
    private static long Count(JsonObject usage, string name) =>
        usage[name] is { } count ? long.Parse(count.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : 0;
}

public static class UsageApi
{
    public static async Task<JsonNode> GetUsageAsync(this ApiClient api, string token, string query = "") =>
        (await (await api.GetAsync("/user/usage" + query, token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    public static async Task<string> CreateChatroomOnAsync(this ApiClient api, string token, string model) =>
        (await (await api.PostJsonAsync("/chatroom", new { model }, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();

    /// <summary>A model's line of <c>data.models</c> (its figures over the range); null when it has none.</summary>
    public static JsonNode? ModelUsage(this JsonNode usage, string model) =>
        usage["models"]!.AsArray().SingleOrDefault(m => m!["model"]!.GetValue<string>() == model)?["usage"];

    public static DateOnly TodayUtc() => DateOnly.FromDateTime(DateTime.UtcNow);
}
