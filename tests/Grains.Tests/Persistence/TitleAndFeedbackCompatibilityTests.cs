using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace GeminiClone.Grains.Tests.Persistence;

/// <summary>
/// Chatrooms, sealed pages and messages written before titles and feedback (by b068c1a: the files under
/// <c>Stored/</c> ending in <c>before-titles</c> and <c>before-feedback</c>) load, read as their owners left them, and
/// take the new members on.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TitleAndFeedbackCompatibilityTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset RatedAt = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private IServiceProvider Services => ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services;

    private IGrainStorageSerializer Storage => Services.GetRequiredService<IGrainStorageSerializer>();

    [Fact]
    public void A_chatroom_named_before_titles_were_made_counts_as_named_by_its_owner()
    {
        var state = Load<ChatroomState>("chatroom-state-before-titles.b64");

        var view = ChatroomView.Of("room", state);

        Assert.Equal(("Monsoon reading list", null, 0), (state.Title, state.TitleChosen, state.TitleCalls));
        Assert.True(view.TitleChosen);
        Assert.Equal(("Books for the monsoon?", "Try 'The God of Small Things'."), (state.Recent[0].Text, state.Recent[1].Text));
        Assert.Null(state.Recent[1].Feedback);
    }

    [Fact]
    public void A_chatroom_left_with_the_default_title_counts_as_untitled_and_its_new_members_round_trip()
    {
        var state = Load<ChatroomState>("chatroom-state-untitled-before-titles.b64");

        Assert.False(ChatroomView.Of("room", state).TitleChosen);
        Assert.Equal((ChatroomLimits.DefaultTitle, 52), (state.Title, state.MessageCount));

        state.Title = "Poetry";
        state.TitleChosen = false;
        state.TitleCalls = 2;
        state.Recent[1] = state.Recent[1] with { Feedback = new MessageFeedback(FeedbackRating.Down, FeedbackReasons.Outdated, "old") { At = RatedAt } };
        var again = Storage.Deserialize<ChatroomState>(Storage.Serialize(state))!;

        Assert.Equal(("Poetry", false, 2), (again.Title, again.TitleChosen, again.TitleCalls));
        Assert.False(ChatroomView.Of("room", again).TitleChosen);
        Assert.Equal(state.Recent[1].Feedback, again.Recent[1].Feedback);
        Assert.Equal("Try Agha Shahid Ali.", again.Recent[1].Text);
    }

    [Fact]
    public void A_sealed_page_and_a_message_sent_by_the_previous_release_load_and_take_a_rating()
    {
        var page = Load<ChatPageState>("chat-page-before-feedback.b64");
        var wire = Services.GetRequiredService<Serializer>().Deserialize<StoredMessage>(
            Convert.FromBase64String(ReadText("stored-message-before-feedback.orleans.b64")));

        Assert.Equal(50, page.Messages.Count);
        Assert.Equal(("Answer 1", "gemini-3.8-flash-001", null), (page.Messages[1].Text, page.Messages[1].Model, page.Messages[1].Feedback));
        Assert.Equal(("Try Agha Shahid Ali.", null), (wire!.Text, wire.Feedback));

        page.Messages[1] = page.Messages[1] with { Feedback = new MessageFeedback(FeedbackRating.Up, null, null) { At = RatedAt } };
        var again = Storage.Deserialize<ChatPageState>(Storage.Serialize(page))!;
        Assert.Equal((FeedbackRating.Up, RatedAt), (again.Messages[1].Feedback!.Rating, again.Messages[1].Feedback!.At));
    }

    private T Load<T>(string name) => Storage.Deserialize<T>(new BinaryData(Convert.FromBase64String(ReadText(name))))!;

    private static string ReadText(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Persistence", "Stored", name)).Trim();
}
