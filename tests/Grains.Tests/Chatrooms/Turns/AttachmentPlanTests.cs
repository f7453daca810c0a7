using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Tests.Chatrooms.Turns;

/// <summary>Which attachments a send may carry: the chatroom's own, of types its model reads.</summary>
public sealed class AttachmentPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private static readonly ChatroomView Chatroom = ChatroomView.Of("room", new ChatroomState
    {
        OwnerId = "owner",
        Attachments =
        [
            new Attachment("img", "cat.png", "image/png", 100, "aa", Now),
            new Attachment("doc", "report.pdf", "application/pdf", 200, "bb", Now),
        ],
    });

    [Fact]
    public void A_send_carries_the_chatrooms_attachments_in_the_order_asked()
    {
        var (plan, refusal) = TurnAttachments.Question(Chatroom, new ChatTurnRequest("look") { AttachmentIds = ["doc", "img"] }, Now, _ => true, int.MaxValue);

        Assert.Null(refusal);
        Assert.Equal(["report.pdf", "cat.png"], plan!.Attachments!.Select(a => a.Name));
    }

    [Fact]
    public void An_attachment_the_chatroom_does_not_have_is_not_found_by_its_id()
    {
        var (plan, refusal) = TurnAttachments.Question(Chatroom, new ChatTurnRequest("look") { AttachmentIds = ["img", "elsewhere"] }, Now, _ => true, int.MaxValue);

        Assert.Null(plan);
        Assert.Equal(ChatTurnStatus.NotFound, refusal!.Status);
        Assert.Contains("elsewhere", refusal.Detail);
    }

    [Fact]
    public void A_type_the_model_does_not_read_is_refused_naming_the_file()
    {
        var textAndImagesOnly = new GeminiModelOptions { Id = "m", InputTypes = ["image/png", "text/plain"] };

        var (plan, refusal) = TurnAttachments.Question(Chatroom, new ChatTurnRequest("look") { AttachmentIds = ["img", "doc"] }, Now, textAndImagesOnly.Reads, int.MaxValue);

        Assert.Null(plan);
        Assert.Equal(ChatTurnStatus.UnsupportedAttachment, refusal!.Status);
        Assert.Contains("report.pdf", refusal.Detail);
        Assert.True(new GeminiModelOptions { Id = "any" }.Reads("application/pdf"));
    }
}
