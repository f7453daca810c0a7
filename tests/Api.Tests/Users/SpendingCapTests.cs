using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using GeminiClone.Api.Chatrooms;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GeminiClone.Api.Tests.Users;

/// <summary>
/// A Basic cap of 2 USD a month, and a price that makes the emulator's counts exact dollars: 10 cents a prompt token,
/// nothing for output. The emulator counts a quarter of the conversation's characters as prompt tokens, so a first
/// message of 40 characters costs exactly 1 USD (the tests check that against what the emulator says it counted).
/// </summary>
public sealed class SpendingCapFixture : ChatFixture
{
    public const decimal Cap = 2m;
    public const decimal PerMillionPromptTokens = 100_000m;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("BASIC_DAILY_LIMIT", "100000"),
        new("Usage:MonthlyCap:Basic", Cap.ToString(CultureInfo.InvariantCulture)),
        new($"Usage:Prices:{UsageFixture.FlashLite}:InputPerMillion", PerMillionPromptTokens.ToString(CultureInfo.InvariantCulture)),
        new($"Usage:Prices:{UsageFixture.FlashLite}:CachedInputPerMillion", PerMillionPromptTokens.ToString(CultureInfo.InvariantCulture)),
        new($"Usage:Prices:{UsageFixture.FlashLite}:OutputPerMillion", "0"),
    ];
}

/// <summary>The monthly spending cap: a turn is refused, before Gemini is asked, once this month's cost so far is at or above it.</summary>
public sealed class SpendingCapTests(SpendingCapFixture fixture) : IClassFixture<SpendingCapFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_turn_starting_exactly_at_the_cap_is_refused_with_a_429_until_the_first_of_next_month_and_gemini_is_not_asked()
    {
        using var refusals = new MetricCollector<long>(
            fixture.Factory.Services.GetRequiredService<IMeterFactory>(), "GeminiClone", "geminiclone.quota.refusals");
        var (_, token) = await _api.NewSessionAsync();
        var marker = Guid.NewGuid().ToString("N")[..12];

        await TurnAsync(token, $"first {marker}", 40);
        await TurnAsync(token, $"second {marker}", 40);
        var spent = EmulatedUsage.Of(fixture.Gemini.Requests.Containing(marker)).CostAt(Price);
        Assert.Equal(SpendingCapFixture.Cap, spent);
        var before = DateTimeOffset.UtcNow;
        var refused = await _api.SendMessageAsync(token, await _api.CreateChatroomOnAsync(token, UsageFixture.FlashLite), $"third {marker}");
        var after = DateTimeOffset.UtcNow;

        var problem = await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(ChatTurnResponses.SpendingCapType, problem["type"]!.GetValue<string>());
        Assert.Equal("Monthly spending cap reached", problem["title"]!.GetValue<string>());
        Assert.Contains("monthly spending cap of 2.00 USD", problem["detail"]!.GetValue<string>());
        var retryAfter = long.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, SecondsUntilNextMonth(after), SecondsUntilNextMonth(before));
        Assert.Contains($"{FirstOfNextMonth(before):yyyy-MM-dd} 00:00 UTC", problem["detail"]!.GetValue<string>());
        Assert.Empty(fixture.Gemini.Requests.Containing($"third {marker}"));

        var usage = await _api.GetUsageAsync(token);
        Assert.Equal((2m, 2m, true), (usage["spending"]!["estimatedCost"]!.GetValue<decimal>(), usage["spending"]!["cap"]!.GetValue<decimal>(),
            usage["spending"]!["capReached"]!.GetValue<bool>()));
        Assert.Equal(2, usage["today"]!["messages"]!["used"]!.GetValue<int>());
        Assert.Equal(1, usage.ModelUsage(UsageFixture.FlashLite)!["failedTurns"]!["spending_cap_reached"]!.GetValue<int>());
        var counted = Assert.Single(refusals.GetMeasurementSnapshot());
        Assert.Equal(("basic", "spending"), (counted.Tags["plan"], counted.Tags["kind"]));
    }

    [Fact]
    public async Task A_turn_starting_below_the_cap_runs_and_may_end_above_it_then_streams_are_refused_too()
    {
        var (_, token) = await _api.NewSessionAsync();
        var marker = Guid.NewGuid().ToString("N")[..12];

        await TurnAsync(token, $"a {marker}", 40);
        await TurnAsync(token, $"b {marker}", 20);
        await TurnAsync(token, $"c {marker}", 40);
        var refused = await _api.StreamAsync(token, await _api.CreateChatroomOnAsync(token, UsageFixture.FlashLite), $"d {marker}");

        var spent = EmulatedUsage.Of(fixture.Gemini.Requests.Containing(marker)).CostAt(Price);
        Assert.Equal(2.5m, spent);
        var problem = await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(ChatTurnResponses.SpendingCapType, problem["type"]!.GetValue<string>());
        Assert.True(refused.Headers.Contains("Retry-After"));
        var spending = (await _api.GetUsageAsync(token))["spending"]!;
        Assert.Equal((spent, true), (spending["estimatedCost"]!.GetValue<decimal>(), spending["capReached"]!.GetValue<bool>()));
    }

    [Fact]
    public void A_stream_s_error_event_names_the_cap_as_the_429_problem_does()
    {
        var body = ChatTurnResponses.ProblemBody(new ChatTurnResult(ChatTurnStatus.SpendingCapReached, Detail: "cap reached"));

        Assert.Equal((429, ChatTurnResponses.SpendingCapType, "cap reached"), (body.Status, body.Type, body.Detail));
    }

    private static (decimal Input, decimal Cached, decimal Output) Price =>
        (SpendingCapFixture.PerMillionPromptTokens, SpendingCapFixture.PerMillionPromptTokens, 0m);

    /// <summary>A first turn in a new chatroom, its message padded to <paramref name="length"/> characters: the whole prompt the emulator counts.</summary>
    private async Task TurnAsync(string token, string text, int length) =>
        await _api.ChatAsync(token, await _api.CreateChatroomOnAsync(token, UsageFixture.FlashLite), text.PadRight(length, '.'));

    private static DateTimeOffset FirstOfNextMonth(DateTimeOffset at) => new DateTimeOffset(at.Year, at.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);

    private static long SecondsUntilNextMonth(DateTimeOffset at) => (long)Math.Ceiling((FirstOfNextMonth(at) - at).TotalSeconds);
}
