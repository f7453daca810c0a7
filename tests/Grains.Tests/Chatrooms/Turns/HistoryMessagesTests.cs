using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Tests.Chatrooms.Turns;

/// <summary>The history's messages made once and kept while they are in the window; those a turn fills in, never.</summary>
public sealed class HistoryMessagesTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private static readonly StoredMessage[] Conversation =
    [
        new(MessageRole.User, "q1", At),
        new(MessageRole.AI, "a1", At),
        new(MessageRole.User, "q2", At) { Attachments = [new MessageAttachment("f1", "notes.pdf", "application/pdf", 10, "sha")] },
        new(MessageRole.AI, "a2", At),
    ];

    [Fact]
    public void A_message_still_in_the_window_is_the_one_made_for_the_turn_before()
    {
        var made = new HistoryMessages();

        var first = made.Window(Conversation, start: 0);
        var second = made.Window(Conversation, start: 0);

        Assert.Equal(["q1", "a1", "q2", "a2"], second.Select(m => m.Text));
        Assert.Same(first[0], second[0]);
        Assert.Same(first[3], second[3]);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void A_message_with_attachments_is_made_anew_every_turn_because_the_turn_fills_it_in()
    {
        var made = new HistoryMessages();

        var first = made.Window(Conversation, start: 0);
        first[2].Contents.Insert(0, new Microsoft.Extensions.AI.TextContent("bytes read for the first turn"));
        var second = made.Window(Conversation, start: 0);

        Assert.NotSame(first[2], second[2]);
        Assert.Equal("q2", Assert.Single(second[2].Contents).ToString());
    }

    [Fact]
    public void Only_the_messages_it_keeps_are_marked_unchanging_for_geminis_client_since_a_turn_fills_in_the_others()
    {
        var window = new HistoryMessages().Window(Conversation, start: 0);

        Assert.Equal([true, true, false, true], window.Select(m => m.RawRepresentation is UnchangingMessage));
    }

    [Fact]
    public void A_message_that_left_the_window_is_let_go()
    {
        var made = new HistoryMessages();

        var before = made.Window(Conversation, start: 0);
        made.Window(Conversation, start: 2);
        var after = made.Window(Conversation, start: 0);

        Assert.NotSame(before[0], after[0]);
        Assert.Same(before[3], after[3]);
        Assert.Equal(before[0].Text, after[0].Text);
    }
}
