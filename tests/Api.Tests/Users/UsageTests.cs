using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Users;

/// <summary>GET /user/usage: the caller's usage per UTC day and model, as Gemini counted it and the price table prices it.</summary>
public sealed class UsageTests(UsageFixture fixture) : IClassFixture<UsageFixture>
{
    private const string Flash = UsageFixture.Flash;
    private const string FlashLite = UsageFixture.FlashLite;

    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Concurrent_turns_of_one_user_in_four_chatrooms_on_two_models_add_up_to_exactly_what_the_emulator_counted()
    {
        var (_, token) = await _api.NewSessionAsync();
        var marker = Guid.NewGuid().ToString("N");
        var rooms = new[] { Flash, Flash, FlashLite, FlashLite };
        var ids = await Task.WhenAll(rooms.Select(model => _api.CreateChatroomOnAsync(token, model)));

        // Every chatroom at once, three turns each (a chatroom's turns take their turn; the user's meet in one grain).
        await Task.WhenAll(ids.Select(async (id, room) =>
        {
            for (var turn = 0; turn < 3; turn++)
            {
                await _api.ChatAsync(token, id, $"usage {marker} room {room} turn {turn}: {new string('x', 7 * (room + turn))}");
            }
        }));

        var usage = await _api.GetUsageAsync(token);
        var all = fixture.Gemini.Requests.Containing(marker);
        foreach (var model in new[] { Flash, FlashLite })
        {
            var expected = EmulatedUsage.Of(all.Where(r => r.Model == model));
            var line = usage.ModelUsage(model)!;
            Assert.Equal(6, expected.Turns);
            Assert.Equal(
                (expected.Turns, expected.Input, expected.Cached, expected.Output, expected.Thoughts, expected.CostAt(UsageFixture.Prices[model])),
                (line["turns"]!.GetValue<int>(), line["inputTokens"]!.GetValue<long>(), line["cachedTokens"]!.GetValue<long>(),
                    line["outputTokens"]!.GetValue<long>(), line["thoughtTokens"]!.GetValue<long>(), line["estimatedCost"]!.GetValue<decimal>()));
            Assert.Empty(line["failedTurns"]!.AsObject());
        }

        var day = Assert.Single(usage["days"]!.AsArray())!;
        Assert.Equal(UsageApi.TodayUtc().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day["date"]!.GetValue<string>());
        Assert.Equal([Flash, FlashLite], day["models"]!.AsArray().Select(m => m!["model"]!.GetValue<string>()));
        var everything = EmulatedUsage.Of(all);
        var totals = usage["totals"]!;
        Assert.Equal((12, everything.Input + everything.Output + everything.Thoughts), (totals["turns"]!.GetValue<int>(),
            totals["inputTokens"]!.GetValue<long>() + totals["outputTokens"]!.GetValue<long>() + totals["thoughtTokens"]!.GetValue<long>()));
        Assert.Equal(
            EmulatedUsage.Of(all.Where(r => r.Model == Flash)).CostAt(UsageFixture.Prices[Flash])
                + EmulatedUsage.Of(all.Where(r => r.Model == FlashLite)).CostAt(UsageFixture.Prices[FlashLite]),
            totals["estimatedCost"]!.GetValue<decimal>());
        Assert.Equal(12, usage["today"]!["messages"]!["used"]!.GetValue<int>());
        Assert.Equal("USD", usage["currency"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failed_turns_are_counted_by_their_outcome_and_cost_nothing()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomOnAsync(token, FlashLite);
        var marker = Guid.NewGuid().ToString("N");

        await (await _api.SendMessageAsync(token, room, $"{marker} [[error:503]]")).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        await (await _api.SendMessageAsync(token, room, $"{marker} [[block-prompt]]")).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _api.SendMessageAsync(token, room, $"{marker} again [[block-prompt]]")).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _api.SendMessageAsync(token, room, $"{marker} [[garbage]]")).ReadProblemAsync(HttpStatusCode.BadGateway);
        await _api.ChatAsync(token, room, $"{marker} and one that works");

        var line = (await _api.GetUsageAsync(token)).ModelUsage(FlashLite)!;
        Assert.Equal(1, line["turns"]!.GetValue<int>());
        Assert.Equal(
            new Dictionary<string, int> { ["gemini_unavailable"] = 1, ["gemini_bad_response"] = 1, ["blocked"] = 2 }.OrderBy(p => p.Key),
            line["failedTurns"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<int>())).OrderBy(p => p.Key));
        var answered = EmulatedUsage.Of(fixture.Gemini.Requests.Containing($"{marker} and one that works"));
        Assert.Equal(answered.CostAt(UsageFixture.Prices[FlashLite]), line["estimatedCost"]!.GetValue<decimal>());
        Assert.Equal(answered.Input, line["inputTokens"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("?from=2026-13-01", "from")]
    [InlineData("?from=12/05/2026", "from")]
    [InlineData("?from=", "from")]
    [InlineData("?to=yesterday", "to")]
    [InlineData("?from=2026-12-05&to=2026-12-04", "from")]
    [InlineData("?from=2025-11-05&to=2026-12-10", "from")]
    public async Task A_bad_date_a_reversed_range_or_more_than_400_days_is_a_400_naming_the_field(string query, string field)
    {
        var (_, token) = await _api.NewSessionAsync();

        var problem = await (await _api.GetAsync("/user/usage" + query, token)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Without_dates_it_is_the_30_days_ending_today_and_400_days_is_the_widest_range()
    {
        var (_, token) = await _api.NewSessionAsync();

        var before = UsageApi.TodayUtc();
        var usage = await _api.GetUsageAsync(token);
        var after = UsageApi.TodayUtc();
        var widest = await _api.GetUsageAsync(token, "?from=2025-11-06&to=2026-12-10");
        var onlyTo = await _api.GetUsageAsync(token, "?to=2026-03-01");

        var to = DateOnly.Parse(usage["to"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(to, before, after);
        Assert.Equal(to.AddDays(-29), DateOnly.Parse(usage["from"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Empty(usage["days"]!.AsArray());
        Assert.Equal(0m, usage["totals"]!["estimatedCost"]!.GetValue<decimal>());
        Assert.Equal(("2025-11-06", "2026-12-10"), (widest["from"]!.GetValue<string>(), widest["to"]!.GetValue<string>()));
        Assert.Equal("2026-01-31", onlyTo["from"]!.GetValue<string>());
        Assert.Null(usage["spending"]!["cap"]);
        Assert.False(usage["spending"]!["capReached"]!.GetValue<bool>());
        await (await _api.GetAsync("/user/usage")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_user_sees_only_their_own_figures()
    {
        var (_, busy) = await _api.NewSessionAsync();
        var (_, idle) = await _api.NewSessionAsync();
        await _api.ChatAsync(busy, await _api.CreateChatroomOnAsync(busy, Flash), "mine alone");

        Assert.Single((await _api.GetUsageAsync(busy))["days"]!.AsArray());
        Assert.Empty((await _api.GetUsageAsync(idle))["days"]!.AsArray());
    }

    [Fact]
    public async Task The_account_export_carries_the_400_days_of_usage_kept()
    {
        var (_, token) = await _api.NewSessionAsync();
        var marker = Guid.NewGuid().ToString("N");
        await _api.ChatAsync(token, await _api.CreateChatroomOnAsync(token, Flash), $"exported {marker}");

        var export = await (await _api.GetAsync("/user/export", token)).ReadJsonAsync(HttpStatusCode.OK);

        var usage = export["usage"]!;
        var expected = EmulatedUsage.Of(fixture.Gemini.Requests.Containing(marker));
        Assert.Equal((1, expected.Input), (usage["totals"]!["turns"]!.GetValue<int>(), usage["totals"]!["inputTokens"]!.GetValue<long>()));
        Assert.Equal(399, DateOnly.Parse(usage["to"]!.GetValue<string>(), CultureInfo.InvariantCulture).DayNumber
            - DateOnly.Parse(usage["from"]!.GetValue<string>(), CultureInfo.InvariantCulture).DayNumber);
    }

    [Fact]
    public async Task Deleting_the_account_erases_its_usage_and_its_lines_in_the_service_wide_figures_but_not_their_totals()
    {
        var (user, token) = await _api.NewSessionAsync();
        await _api.ChatAsync(token, await _api.CreateChatroomOnAsync(token, Flash), "soon forgotten");
        var grains = fixture.Factory.Services.GetRequiredService<IGrainFactory>();
        var today = UsageApi.TodayUtc();
        var day = grains.GetGrain<IUsageDayGrain>(UsageDays.Key(today));
        // The day's figures come from the silo's tally after the user's own record: polled for.
        await Eventually.HoldsAsync(async () => (await day.GetAsync()).Users.Any(u => u.UserId == user.Id));
        var turnsBefore = (await day.GetAsync()).Totals.Turns;

        var deleted = await _api.SendAsync(HttpMethod.Delete, "/user/me", System.Net.Http.Json.JsonContent.Create(new { password = user.Password }), token);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var report = await grains.GetGrain<IUserUsageGrain>(user.Id).GetReportAsync(today.AddDays(-1), today, UserTier.Basic);
        Assert.Empty(report.Days);
        Assert.Equal(0m, report.Spending.Spent);
        var after = await day.GetAsync();
        Assert.DoesNotContain(after.Users, u => u.UserId == user.Id);
        Assert.True(after.Totals.Turns >= turnsBefore);
    }
}
