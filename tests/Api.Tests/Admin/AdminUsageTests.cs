using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Users;

namespace GeminiClone.Api.Tests.Admin;

/// <summary>
/// GET /admin/usage and the usage GET /admin/users shows: the service's and each user's figures equal what the
/// emulator counted (<c>usageMetadata</c>), priced by the fixture's table.
/// </summary>
public sealed class AdminUsageTests(AdminReportsFixture fixture) : IClassFixture<AdminReportsFixture>
{
    private const string Flash = UsageFixture.Flash;
    private const string FlashLite = UsageFixture.FlashLite;

    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Usage_by_day_by_model_and_by_user_equals_what_the_emulator_counted_for_two_users_on_two_models()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var marker = Guid.NewGuid().ToString("N");
        var (asha, ashaToken) = await _api.NewSessionAsync();
        var (ravi, raviToken) = await _api.NewSessionAsync();

        // Both users at once, each on both models: 2 + 1 turns for Asha, 1 + 3 for Ravi.
        await Task.WhenAll(
            TurnsAsync(ashaToken, Flash, $"{marker} asha", 2), TurnsAsync(ashaToken, FlashLite, $"{marker} asha", 1),
            TurnsAsync(raviToken, Flash, $"{marker} ravi", 1), TurnsAsync(raviToken, FlashLite, $"{marker} ravi", 3));

        var answered = fixture.AnsweredTurns;
        // The days' grains are fed by the silo's tally after each user's own record is written: polled for, then read exactly.
        await Eventually.HoldsAsync(
            async () => (await _api.AdminUsageAsync(operatorToken))["totals"]!["turns"]!.GetValue<int>() == answered.Count,
            TimeSpan.FromSeconds(15));
        var byDay = await _api.AdminUsageAsync(operatorToken, "?groupBy=day");
        var byModel = await _api.AdminUsageAsync(operatorToken, "?groupBy=model");
        var byUser = await _api.AdminUsageAsync(operatorToken, "?groupBy=user");

        Assert.Equal(
            [(Flash, AdminReportApi.Expected(answered.Where(r => r.Model == Flash), Flash)),
             (FlashLite, AdminReportApi.Expected(answered.Where(r => r.Model == FlashLite), FlashLite))],
            byModel["models"]!.AsArray().Select(m => (m!["model"]!.GetValue<string>(), m["usage"]!.Figures())));
        var day = Assert.Single(byDay["days"]!.AsArray())!;
        Assert.Equal(Today(), day["date"]!.GetValue<string>());
        Assert.Equal(byModel["totals"]!.Figures(), day["usage"]!.Figures());
        Assert.Equal((answered.Count, AdminReportApi.CostOf(answered)), (byDay["totals"]!["turns"]!.GetValue<int>(), byDay["totals"]!["estimatedCost"]!.GetValue<decimal>()));
        Assert.Equal(byDay["totals"]!.ToJsonString(), byUser["totals"]!.ToJsonString());

        var expected = new[] { (User: asha, Mine: fixture.Gemini.Requests.Containing($"{marker} asha"), Turns: 3),
                               (User: ravi, Mine: fixture.Gemini.Requests.Containing($"{marker} ravi"), Turns: 4) }
            .Select(u => (u.User.Id, $"+91{new string('*', 8)}{u.User.MobileNumber[^2..]}", "Test User",
                AdminReportApi.CostOf(u.Mine), u.Turns, AdminReportApi.TokensOf(u.Mine)))
            .OrderByDescending(u => u.Item4).ToList();
        Assert.Equal(expected, byUser["users"]!.AsArray().Select(u => u!)
            .Where(u => u["id"]!.GetValue<string>() == asha.Id || u["id"]!.GetValue<string>() == ravi.Id)
            .Select(u => (u["id"]!.GetValue<string>(), u["maskedNumber"]!.GetValue<string>(), u["name"]!.GetValue<string>(),
                u["estimatedCost"]!.GetValue<decimal>(), u["turns"]!.GetValue<int>(), u["tokens"]!.GetValue<long>())));
        Assert.Equal(("day", "model", "user"), (byDay["groupBy"]!.GetValue<string>(), byModel["groupBy"]!.GetValue<string>(), byUser["groupBy"]!.GetValue<string>()));
        Assert.Equal((null, null, null, null), (byDay["models"], byDay["users"], byModel["days"], byUser["days"]));
    }

    [Fact]
    public async Task The_directory_and_one_user_show_this_months_usage_and_usage_by_day()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var marker = Guid.NewGuid().ToString("N");
        var (user, token) = await _api.NewSessionAsync();
        var (idle, _) = await _api.NewSessionAsync();
        await TurnsAsync(token, Flash, marker, 2);
        var mine = fixture.Gemini.Requests.Containing(marker);

        var listed = Assert.Single((await (await _api.GetAsync($"/admin/users?query={user.Id}", operatorToken)).ReadJsonAsync(HttpStatusCode.OK))
            ["data"]!["items"]!.AsArray())!;
        var idleListed = Assert.Single((await (await _api.GetAsync($"/admin/users?query={idle.Id}", operatorToken)).ReadJsonAsync(HttpStatusCode.OK))
            ["data"]!["items"]!.AsArray())!;
        var view = await _api.AdminUserAsync(operatorToken, user.Id);
        var january = (await (await _api.GetAsync($"/admin/users/{user.Id}?from=2026-01-01&to=2026-01-31", operatorToken)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

        var month = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var brief = (month, 2, AdminReportApi.TokensOf(mine), AdminReportApi.CostOf(mine));
        Assert.Equal(brief, Brief(listed["usageThisMonth"]!));
        Assert.Equal(brief, Brief(view["usageThisMonth"]!));
        Assert.Equal((month, 0, 0L, 0m), Brief(idleListed["usageThisMonth"]!));
        var day = Assert.Single(view["usage"]!["days"]!.AsArray())!;
        Assert.Equal(Today(), day["date"]!.GetValue<string>());
        var model = Assert.Single(day["models"]!.AsArray())!;
        Assert.Equal((Flash, AdminReportApi.Expected(mine, Flash)), (model["model"]!.GetValue<string>(), model["usage"]!.Figures()));
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-01", CultureInfo.InvariantCulture), view["usage"]!["from"]!.GetValue<string>());
        Assert.Equal(("2026-01-01", "2026-01-31", 0), (january["usage"]!["from"]!.GetValue<string>(), january["usage"]!["to"]!.GetValue<string>(),
            january["usage"]!["days"]!.AsArray().Count));
        Assert.Equal(brief, Brief(january["usageThisMonth"]!));
        Assert.Equal((1, 1, 0), (view["sessions"]!.GetValue<int>(), view["chatrooms"]!.GetValue<int>(), view["passkeys"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("/admin/usage?from=2026-13-01", "from")]
    [InlineData("/admin/usage?from=12/05/2026", "from")]
    [InlineData("/admin/usage?to=yesterday", "to")]
    [InlineData("/admin/usage?from=2026-12-05&to=2026-12-04", "from")]
    [InlineData("/admin/usage?from=2025-11-05&to=2026-12-10", "from")]
    [InlineData("/admin/usage?groupBy=week", "groupBy")]
    [InlineData("/admin/usage?groupBy=Day", "groupBy")]
    [InlineData("/admin/feedback?from=2025-12-04&to=2026-12-05", "from")]
    [InlineData("/admin/feedback?to=2026-02-30", "to")]
    [InlineData("/admin/feedback?from=2026-12-06&to=2026-12-05", "from")]
    [InlineData("/admin/users/someone?from=2026-1-1", "from")]
    [InlineData("/admin/users/someone?from=2025-11-05&to=2026-12-10", "from")]
    public async Task A_bad_date_a_reversed_or_too_wide_range_or_an_unknown_grouping_is_a_400_naming_the_field(string path, string field)
    {
        var problem = await (await _api.GetAsync(path, await fixture.OperatorTokenAsync())).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Without_dates_a_report_is_the_30_days_ending_today_by_day_and_the_widest_ranges_are_400_and_366_days()
    {
        var operatorToken = await fixture.OperatorTokenAsync();

        var usage = await _api.AdminUsageAsync(operatorToken);
        var feedback = await _api.AdminFeedbackAsync(operatorToken);
        var widestUsage = await _api.AdminUsageAsync(operatorToken, "?from=2025-11-06&to=2026-12-10&groupBy=model");
        var widestFeedback = await _api.AdminFeedbackAsync(operatorToken, "?from=2025-12-05&to=2026-12-05");

        var to = DateOnly.Parse(usage["to"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(to, DateOnly.FromDateTime(DateTime.UtcNow.AddMinutes(-5)), DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.Equal(to.AddDays(-29), DateOnly.Parse(usage["from"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(("day", "USD"), (usage["groupBy"]!.GetValue<string>(), usage["currency"]!.GetValue<string>()));
        Assert.NotNull(usage["days"]);
        Assert.Equal((usage["from"]!.GetValue<string>(), usage["to"]!.GetValue<string>()), (feedback["from"]!.GetValue<string>(), feedback["to"]!.GetValue<string>()));
        Assert.Equal("2025-11-06", widestUsage["from"]!.GetValue<string>());
        Assert.Equal("2025-12-05", widestFeedback["from"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/admin/usage?groupBy=user")]
    [InlineData("/admin/feedback")]
    public async Task A_report_is_401_without_a_token_and_403_for_a_user_who_is_not_an_admin(string path)
    {
        var (_, token) = await _api.NewSessionAsync();

        await (await _api.GetAsync(path)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.GetAsync(path, token)).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    private static (string Month, int Turns, long Tokens, decimal Cost) Brief(JsonNode usage) => (
        usage["month"]!.GetValue<string>(), usage["turns"]!.GetValue<int>(), usage["tokens"]!.GetValue<long>(), usage["estimatedCost"]!.GetValue<decimal>());

    private static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><paramref name="turns"/> turns, one after another, in a new chatroom on <paramref name="model"/>.</summary>
    private async Task TurnsAsync(string token, string model, string marker, int turns)
    {
        var room = await _api.CreateChatroomOnAsync(token, model);
        for (var i = 0; i < turns; i++)
        {
            await _api.ChatAsync(token, room, $"{marker} turn {i}: {new string('x', 5 * i)}");
        }
    }
}
