using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

public sealed class LongConversationTests(LongChatFixture fixture) : IClassFixture<LongChatFixture>
{
    private const int Turns = 260;

    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_conversation_of_over_500_messages_pages_back_completely_and_in_order()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var marker = Guid.NewGuid().ToString("N")[..8];
        for (var turn = 1; turn <= Turns; turn++)
        {
            await _api.ChatAsync(token, id, $"{marker} {turn}");
        }

        var newest = await _api.GetChatroomAsync(token, id);
        var collected = new List<(string Role, string Text)>();
        int? before = null;
        var pages = 0;
        do
        {
            var page = await _api.GetChatroomAsync(token, id, before is null ? "?limit=37" : $"?limit=37&before={before}");
            collected.InsertRange(0, page.Messages());
            before = page["paging"]!["before"]!.GetValue<int>();
            pages++;
            if (!page["paging"]!["hasMore"]!.GetValue<bool>())
            {
                break;
            }
        }
        while (pages < 100);

        // By default the newest 500 messages come back, with the way to page further back.
        Assert.Equal(500, newest.Messages().Count);
        Assert.Equal(2 * Turns, newest["paging"]!["totalMessages"]!.GetValue<int>());
        Assert.Equal(2 * Turns - 500, newest["paging"]!["before"]!.GetValue<int>());
        Assert.True(newest["paging"]!["hasMore"]!.GetValue<bool>());
        Assert.Equal(2 * Turns, collected.Count);
        for (var turn = 1; turn <= Turns; turn++)
        {
            Assert.Equal(("User", $"{marker} {turn}"), collected[2 * turn - 2]);
            Assert.Equal(("AI", $"Reply #{Math.Min(turn, 21)}: {marker} {turn}"), collected[2 * turn - 1]);
        }
    }

    [Fact]
    public async Task History_sent_to_gemini_is_trimmed_to_the_newest_messages_within_budget()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var marker = Guid.NewGuid().ToString("N")[..8];
        for (var turn = 1; turn <= 30; turn++)
        {
            await _api.ChatAsync(token, id, $"{marker} {turn}");
        }

        var last = fixture.Gemini.Requests.Containing($"{marker} 30").Single();

        // 40 earlier messages (the default budget) plus the new one, newest kept, opening with a user turn.
        Assert.Equal(41, last.Turns.Count);
        Assert.Equal(("user", $"{marker} 10"), last.Turns[0]);
        Assert.Equal(("user", $"{marker} 30"), last.Turns[^1]);
    }
}
