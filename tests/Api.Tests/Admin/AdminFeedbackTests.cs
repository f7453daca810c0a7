using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Users;

namespace GeminiClone.Api.Tests.Admin;

/// <summary>GET /admin/feedback: the ratings that stand, per model and UTC day, as users gave, changed and cleared them.</summary>
public sealed class AdminFeedbackTests(AdminReportsFixture fixture) : IClassFixture<AdminReportsFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Ratings_given_changed_and_cleared_are_counted_up_and_down_with_their_reasons_per_model_and_day()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var (_, asha) = await _api.NewSessionAsync();
        var (_, ravi) = await _api.NewSessionAsync();
        var flashRoom = await RoomWithAnswersAsync(asha, UsageFixture.Flash, 3);
        var liteRoom = await RoomWithAnswersAsync(asha, UsageFixture.FlashLite, 1);
        var raviRoom = await RoomWithAnswersAsync(ravi, UsageFixture.Flash, 2);

        await RateAsync(asha, flashRoom, 1, new { rating = "up" });
        await RateAsync(asha, flashRoom, 3, new { rating = "down", reason = "too_long" });
        await RateAsync(asha, flashRoom, 5, new { rating = "up", reason = "other" });
        await RateAsync(asha, flashRoom, 5, new { rating = "down", reason = "inaccurate" });   // changed: the up is taken back
        await RateAsync(asha, liteRoom, 1, new { rating = "down", reason = "inaccurate" });
        await RateAsync(ravi, raviRoom, 1, new { rating = "up", reason = "other" });
        await RateAsync(ravi, raviRoom, 3, new { rating = "up" });
        using var cleared = await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{raviRoom}/messages/3/feedback", null, ravi);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);

        // Counted under the model version the answers name; the two catalog models may share none.
        var flash = await ModelOfAnswerAsync(asha, flashRoom);
        var lite = await ModelOfAnswerAsync(asha, liteRoom);
        var expectedModels = new[]
        {
            (Model: flash, Counts: "up=2 down=2 upReasons={other:1} downReasons={inaccurate:1,too_long:1}"),
            (Model: lite, Counts: "up=0 down=1 upReasons={} downReasons={inaccurate:1}"),
        }.OrderBy(m => m.Model, StringComparer.Ordinal).ToList();
        Assert.NotEqual(flash, lite);
        const string expectedTotals = "up=2 down=3 upReasons={other:1} downReasons={inaccurate:2,too_long:1}";

        // The day's grain is told as each rating is stored; polled for, then read exactly.
        JsonNode report = null!;
        await Eventually.HoldsAsync(async () =>
        {
            report = await _api.AdminFeedbackAsync(operatorToken);
            return Counts(report["totals"]!) == expectedTotals;
        });

        Assert.Equal(expectedModels, report["models"]!.AsArray().Select(m => (m!["model"]!.GetValue<string>(), Counts(m))));
        var day = Assert.Single(report["days"]!.AsArray())!;
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day["date"]!.GetValue<string>());
        Assert.Equal(expectedModels, day["models"]!.AsArray().Select(m => (m!["model"]!.GetValue<string>(), Counts(m))));
        Assert.Empty((await _api.AdminFeedbackAsync(operatorToken, "?from=2026-01-01&to=2026-01-31"))["days"]!.AsArray());
    }

    /// <summary>One line per count, so a failure shows every figure at once.</summary>
    private static string Counts(JsonNode counts) =>
        $"up={counts["up"]!.GetValue<int>()} down={counts["down"]!.GetValue<int>()} "
        + $"upReasons={Reasons(counts["upReasons"]!)} downReasons={Reasons(counts["downReasons"]!)}";

    private static string Reasons(JsonNode reasons) =>
        "{" + string.Join(",", reasons.AsObject().Select(r => $"{r.Key}:{r.Value!.GetValue<int>()}")) + "}";

    private async Task<string> RoomWithAnswersAsync(string token, string model, int answers)
    {
        var room = await _api.CreateChatroomOnAsync(token, model);
        for (var i = 0; i < answers; i++)
        {
            await _api.ChatAsync(token, room, $"question {i} on {model}");
        }

        return room;
    }

    private async Task<string> ModelOfAnswerAsync(string token, string room) =>
        (await _api.GetChatroomAsync(token, room))["messages"]![1]!["model"]!.GetValue<string>();

    private async Task RateAsync(string token, string room, int seq, object rating) =>
        await (await _api.SendAsync(HttpMethod.Put, $"/chatroom/{room}/messages/{seq}/feedback", JsonContent.Create(rating), token))
            .ReadJsonAsync(HttpStatusCode.OK);
}
