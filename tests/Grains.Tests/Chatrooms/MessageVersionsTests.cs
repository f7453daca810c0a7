using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Tests.Chatrooms;

public sealed class MessageVersionsTests
{
    [Fact]
    public void A_replaced_message_becomes_the_newest_version_and_at_most_ten_are_kept()
    {
        var current = new StoredMessage(MessageRole.AI, "answer 0", DateTimeOffset.UnixEpoch) { Parts = [new ReplyPart(false, 8, "sig")] };
        for (var i = 1; i <= 12; i++)
        {
            current = current.ReplacedBy(new StoredMessage(MessageRole.AI, $"answer {i}", DateTimeOffset.UnixEpoch.AddMinutes(i)));
        }

        Assert.Equal("answer 12", current.Text);
        Assert.Equal([.. Enumerable.Range(2, 10).Reverse().Select(i => $"answer {i}")], current.Versions!.Select(v => v.Text));
        Assert.All(current.Versions!, v => Assert.Null(v.Versions));
        Assert.All(current.Versions!, v => Assert.Null(v.Parts));
    }
}
