using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Tests.Chatrooms;

public sealed class HistoryWindowTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private static List<StoredMessage> Conversation(int turns, int length = 10) =>
        [.. Enumerable.Range(1, turns).SelectMany(t => new[]
        {
            new StoredMessage(MessageRole.User, $"q{t}".PadRight(length, '.'), At),
            new StoredMessage(MessageRole.AI, $"a{t}".PadRight(length, '.'), At),
        })];

    [Fact]
    public void The_newest_messages_within_the_count_are_kept_in_order()
    {
        var window = HistoryWindow.Select(Conversation(10), maxMessages: 4, maxCharacters: 10_000);

        Assert.Equal(["q9", "a9", "q10", "a10"], window.Select(m => m.Text.TrimEnd('.')));
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant], window.Select(m => m.Role));
    }

    [Fact]
    public void The_character_budget_cuts_older_messages_and_never_opens_with_a_model_turn()
    {
        // Three messages of 10 characters fit in 35, but the oldest of them would be a model turn.
        var window = HistoryWindow.Select(Conversation(10), maxMessages: 40, maxCharacters: 35);

        Assert.Equal(["q10", "a10"], window.Select(m => m.Text.TrimEnd('.')));
    }

    [Fact]
    public void A_zero_budget_sends_no_history()
    {
        Assert.Empty(HistoryWindow.Select(Conversation(3), maxMessages: 0, maxCharacters: 10_000));
        Assert.Empty(HistoryWindow.Select(Conversation(3), maxMessages: 10, maxCharacters: 0));
    }
}
