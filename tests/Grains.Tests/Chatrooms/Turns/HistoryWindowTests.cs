using GeminiClone.Grains.Adapters.Gemini;
using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Tests.Chatrooms.Turns;

public sealed class HistoryWindowTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private static List<StoredMessage> Conversation(int turns, int length = 10, long? answerTokens = null) =>
        [.. Enumerable.Range(1, turns).SelectMany(t => new[]
        {
            new StoredMessage(MessageRole.User, $"q{t}".PadRight(length, '.'), At),
            new StoredMessage(MessageRole.AI, $"a{t}".PadRight(length, '.'), At)
            {
                Usage = answerTokens is { } tokens ? new TokenUsage(null, tokens, null) : null,
            },
        })];

    [Fact]
    public void The_newest_messages_within_the_count_are_kept_in_order()
    {
        var window = HistoryWindow.Select(Conversation(10), maxMessages: 4, maxTokens: 10_000);

        Assert.Equal(["q9", "a9", "q10", "a10"], window.Select(m => m.Text.TrimEnd('.')));
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant], window.Select(m => m.Role));
    }

    [Fact]
    public void Gemini_s_own_counts_set_the_budget_and_its_rate_prices_the_user_s_messages()
    {
        // Gemini counted 100 tokens for each 10-character answer: 10 a character, so each question costs 100 too.
        var window = HistoryWindow.Select(Conversation(10, answerTokens: 100), maxMessages: 40, maxTokens: 250);

        Assert.Equal(["q10", "a10"], window.Select(m => m.Text.TrimEnd('.')));
    }

    [Fact]
    public void Without_counts_characters_estimate_the_cost_and_the_window_never_opens_with_a_model_turn()
    {
        // 40 characters ≈ 10 tokens: three messages fit in 35, but the oldest of them would be a model turn.
        var window = HistoryWindow.Select(Conversation(10, length: 40), maxMessages: 40, maxTokens: 35);

        Assert.Equal(["q10", "a10"], window.Select(m => m.Text.TrimEnd('.')));
    }

    [Fact]
    public void A_zero_budget_sends_no_history()
    {
        Assert.Empty(HistoryWindow.Select(Conversation(3), maxMessages: 0, maxTokens: 10_000));
        Assert.Empty(HistoryWindow.Select(Conversation(3), maxMessages: 10, maxTokens: 0));
    }

    [Fact]
    public void An_answer_goes_back_in_the_parts_Gemini_sent_with_each_signature_on_its_own_part()
    {
        var answer = new StoredMessage(MessageRole.AI, "Hello there", At)
        {
            Thoughts = "Greeting",
            Parts = [new ReplyPart(Thought: true, 8, "sig-thought"), new ReplyPart(false, 6, null), new ReplyPart(false, 5, "sig-text")],
        };

        var window = HistoryWindow.Select([new StoredMessage(MessageRole.User, "hi", At), answer], maxMessages: 10, maxTokens: 1000);

        var contents = window[1].Contents;
        var thought = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal(("Greeting", "sig-thought"), (thought.Text, thought.ProtectedData));
        Assert.Equal(["Hello ", "there"], contents.Skip(1).Cast<TextContent>().Select(c => c.Text));
        Assert.Null(contents[1].AdditionalProperties);
        Assert.Equal("sig-text", contents[2].AdditionalProperties![GeminiChatClient.ThoughtSignatureKey]);
        Assert.Equal("Hello there", window[1].Text);
    }
}
