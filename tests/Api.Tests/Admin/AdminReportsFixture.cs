using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Users;
using GeminiClone.GeminiEmulator;

namespace GeminiClone.Api.Tests.Admin;

/// <summary>
/// The Api, the emulator and the test price table of <see cref="UsageFixture"/>, with an operator of its own. Each
/// test class gets its own (a class fixture), so the service-wide figures it reads hold only the turns of its
/// tests, which run one at a time: every answered request the emulator recorded is one of them.
/// </summary>
public sealed class AdminReportsFixture : UsageFixture
{
    public string OperatorNumber { get; } = ApiClient.NextMobileNumber();

    private readonly Lazy<Task<string>> _operatorToken;

    public AdminReportsFixture() => _operatorToken = new(async () =>
    {
        var api = CreateApiClient();
        await api.SignUpAsync(OperatorNumber, name: "Report Reader");
        return await api.SignInAsync(OperatorNumber);
    });

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("ADMIN_MOBILE_NUMBERS", $"+91{OperatorNumber}")];

    public Task<string> OperatorTokenAsync() => _operatorToken.Value;

    /// <summary>Every turn the emulator answered so far (title requests are off in this fixture).</summary>
    public IReadOnlyList<RecordedRequest> AnsweredTurns => [.. Gemini.Requests.All.Where(r => !r.IsTitle && r.AnsweredUsage is not null)];
}

/// <summary>The report calls as an operator's console makes them.</summary>
public static class AdminReportApi
{
    public static async Task<JsonNode> AdminUsageAsync(this ApiClient api, string token, string query = "") =>
        (await (await api.GetAsync("/admin/usage" + query, token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    public static async Task<JsonNode> AdminFeedbackAsync(this ApiClient api, string token, string query = "") =>
        (await (await api.GetAsync("/admin/feedback" + query, token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    /// <summary>The figures as <c>UsageFiguresData</c> carries them, to compare with what the emulator counted.</summary>
    public static (int Turns, long Input, long Cached, long Output, long Thoughts, decimal Cost) Figures(this JsonNode usage) => (
        usage["turns"]!.GetValue<int>(), usage["inputTokens"]!.GetValue<long>(), usage["cachedTokens"]!.GetValue<long>(),
        usage["outputTokens"]!.GetValue<long>(), usage["thoughtTokens"]!.GetValue<long>(), usage["estimatedCost"]!.GetValue<decimal>());

    /// <summary>What the emulator counted for <paramref name="answered"/> (all of one model), priced by the fixture's table.</summary>
    public static (int Turns, long Input, long Cached, long Output, long Thoughts, decimal Cost) Expected(IEnumerable<RecordedRequest> answered, string model)
    {
        var usage = EmulatedUsage.Of(answered);
        return (usage.Turns, usage.Input, usage.Cached, usage.Output, usage.Thoughts, usage.CostAt(UsageFixture.Prices[model]));
    }

    /// <summary>The cost of <paramref name="answered"/>, each request priced by its own model.</summary>
    public static decimal CostOf(IEnumerable<RecordedRequest> answered) =>
        answered.GroupBy(r => r.Model).Sum(g => EmulatedUsage.Of(g).CostAt(UsageFixture.Prices[g.Key]));

    /// <summary>Input, output and thought tokens of <paramref name="answered"/>: what the reports call tokens.</summary>
    public static long TokensOf(IEnumerable<RecordedRequest> answered)
    {
        var usage = EmulatedUsage.Of(answered);
        return usage.Input + usage.Output + usage.Thoughts;
    }
}
