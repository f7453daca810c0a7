using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Shares;

namespace GeminiClone.Grains.Tests.Shares;

/// <summary>What a share link keeps of a conversation: what it shows, and nothing of the model's hidden reasoning.</summary>
public sealed class ShareSnapshotsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly Attachment Photo = new("photo", "beach.jpg", "image/jpeg", 10, "aa", At) { GeminiFileUri = "files/1", UsedInTurn = "t1" };
    private static readonly Attachment Drawn = new("drawn", "image.png", "image/png", 20, "bb", At) { UsedInTurn = "t1" };
    private static readonly Attachment Pending = new("pending", "later.png", "image/png", 30, "cc", At);

    [Fact]
    public void A_snapshot_keeps_the_text_and_what_it_shows_but_no_thoughts_signatures_versions_usage_or_turn_ids()
    {
        var question = new StoredMessage(MessageRole.User, "Where is this?", At) { Attachments = [MessageAttachment.Of(Photo)] };
        var answer = new StoredMessage(MessageRole.AI, "Goa. Here it is at dusk.", At.AddSeconds(2))
        {
            Thoughts = "The user's private instruction says...",
            Parts = [new(Thought: true, 38, "sig-thought"), new(Thought: false, 24, "sig-text"), new(Thought: false, 0, "sig-image") { Image = 0 }],
            Usage = new TokenUsage(10, 20, 30) { ThoughtTokens = 5 },
            TurnId = "t1",
            Model = "gemini-3.1-flash-image-001",
            Versions = [new StoredMessage(MessageRole.AI, "An earlier answer", At)],
            Steps = [new AnswerStep(AnswerStepKind.Code, Language: "PYTHON", Code: "print(1)", ThoughtSignature: "sig-step")],
            Images = [new MessageImage("drawn", "image/png", 64, 36, 20)],
        };

        var snapshot = ShareSnapshots.Of("Trip", [question, answer], [Photo, Drawn, Pending], At.AddMinutes(1));

        var shown = snapshot.Messages[1];
        Assert.Equal((answer.Role, answer.Text, answer.Timestamp), (shown.Role, shown.Text, shown.Timestamp));
        Assert.All(new object?[] { shown.Thoughts, shown.Usage, shown.TurnId, shown.Model, shown.Versions }, Assert.Null);
        Assert.Equal([new(Thought: false, 24, null), new ReplyPart(Thought: false, 0, null) { Image = 0 }], shown.Parts!);
        Assert.Null(Assert.Single(shown.Steps!).ThoughtSignature);
        Assert.Equal(answer.Images, shown.Images);
        Assert.Equal(question.Attachments, snapshot.Messages[0].Attachments);
        Assert.Equal(["photo", "drawn"], snapshot.Attachments.Select(a => a.Id));
        Assert.All(snapshot.Attachments, a => Assert.True(a.GeminiFileUri is null && a.UsedInTurn is null));
        Assert.Equal((At.AddMinutes(1), "Trip"), (snapshot.CreatedAt, snapshot.Title));
    }

    [Fact]
    public void Plain_text_answers_need_no_parts_once_their_signatures_are_gone()
    {
        var answer = new StoredMessage(MessageRole.AI, "Hello", At) { Parts = [new(Thought: true, 3, "s1"), new(Thought: false, 5, "s2")] };

        Assert.Null(ShareSnapshots.Shown(answer).Parts);
    }
}
