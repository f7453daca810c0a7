using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Tests.Users;

namespace GeminiClone.Grains.Tests.Chatrooms.Tree;

/// <summary>
/// Where a turn's question and answer stand in the tree, as the turn answers it: what a read of the chatroom right
/// after says, whether the turn was placed without reading (<see cref="BranchReading.PlaceAppended"/>: appended to a
/// linear conversation) or by walking the tree (a regenerate, a send after one).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TurnPlacesTests(ClusterFixture fixture)
{
    private static readonly StoredMessage Question = new(MessageRole.User, "q", DateTimeOffset.UnixEpoch);
    private static readonly StoredMessage Answer = new(MessageRole.AI, "a", DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Every_turn_answers_the_places_a_read_of_the_chatroom_then_shows()
    {
        var owner = await fixture.NewUserAsync();
        var ownerId = owner.GetPrimaryKeyString();
        await fixture.Grains.GetGrain<ISubscriptionGrain>($"sub_{Guid.NewGuid():N}").ApplyChangeAsync(
            new SubscriptionChange(ownerId, null, "active", null, false, ClusterFixture.Clock.GetUtcNow()));
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString());
        await chatroom.CreateAsync(ownerId, new ChatroomChange(Title: "Places"));
        ChatTurnRequest[] turns =
        [
            new("first"), new("second"), new("third"),
            new("") { Kind = TurnKind.Regenerate }, new("after the regenerate"), new("") { Kind = TurnKind.Regenerate },
        ];

        foreach (var request in turns)
        {
            var result = await chatroom.RunTurnAsync(ownerId, request);
            var page = await chatroom.GetPageAsync(ownerId, before: null, limit: 50);

            Assert.Equal(ChatTurnStatus.Replied, result.Status);
            var shown = page!.Places!.ToDictionary(p => p.Id, Describe);
            Assert.Equal(shown[result.ReplyPlace!.Id], Describe(result.ReplyPlace));
            if (request.Kind == TurnKind.Send)
            {
                Assert.Equal(shown[result.UserPlace!.Id], Describe(result.UserPlace));
            }
        }
    }

    [Fact]
    public void A_question_and_answer_appended_to_a_linear_conversation_are_each_an_only_child()
    {
        var placed = BranchReading.PlaceAppended(new ConversationTree(4, null, null, null), 2, Question, 3, Answer);

        Assert.Equal((new MessagePlace(2, 1, 1, 1), new MessagePlace(3, 2, 1, 1)), placed);
        Assert.Equal(new MessagePlace(0, -1, 1, 1), BranchReading.PlaceAppended(new ConversationTree(2, null, null, null), 0, Question, 1, Answer)?.Question);
    }

    [Fact]
    public void Anything_but_a_plain_append_to_a_linear_conversation_is_left_to_the_tree()
    {
        var linear = new ConversationTree(4, null, null, null);

        Assert.Null(BranchReading.PlaceAppended(new ConversationTree(4, [new MessageFork(3, 1)], null, null), 2, Question, 3, Answer));
        Assert.Null(BranchReading.PlaceAppended(new ConversationTree(4, null, null, [new MessageRange(0, 2)]), 2, Question, 3, Answer));
        Assert.Null(BranchReading.PlaceAppended(linear, 1, Question, 2, Answer));
        Assert.Null(BranchReading.PlaceAppended(linear, 2, Question, 3, Answer with { Versions = [Answer] }));
        Assert.Null(BranchReading.PlaceAppended(linear, 2, Question with { Versions = [Question] }, 3, Answer));
    }

    private static string Describe(MessagePlace place) =>
        $"{place.Id} under {place.ParentId}, {place.SiblingIndex} of {place.SiblingCount}, versions [{string.Join(",", place.VersionIds ?? [])}]";
}
