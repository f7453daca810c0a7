using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.GeminiEmulator;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>A small history budget, to see trimming by tokens through the whole pipeline.</summary>
public sealed class TightHistoryFixture : ChatFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Chat:HistoryMaxTokens", "30")];
}

public sealed class HistoryBudgetTests(TightHistoryFixture fixture) : IClassFixture<TightHistoryFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task History_is_trimmed_to_the_token_budget_newest_kept_from_gemini_s_own_counts()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var marker = Guid.NewGuid().ToString("N");

        // Each answer is ~50 characters that the emulator counts as 12 tokens, so one question and one answer
        // (~22 tokens) fit in 30, and a second answer would not.
        for (var turn = 1; turn <= 3; turn++)
        {
            await _api.ChatAsync(token, id, $"turn {turn} {marker}");
        }

        await _api.ChatAsync(token, id, $"turn 4 {marker}");

        var request = fixture.Gemini.Requests.Containing($"turn 4 {marker}").Single();
        var thirdAnswer = (await _api.GetChatroomAsync(token, id)).Messages()[5].Text;
        Assert.Equal([$"turn 3 {marker}", thirdAnswer, $"turn 4 {marker}"], request.Turns.Select(t => t.Text));
    }
}
