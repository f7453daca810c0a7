using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Users;
using GeminiClone.Grains.Tests.Infrastructure;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>
/// A turn's one way out, at the grain: the events a sender and its followers read (numbered pieces, one typed
/// end), resuming after an event, a retry joining the turn in flight, a turn the chatroom does not know, and a send
/// waiting its turn behind another.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TurnStreamTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_streamed_send_reads_numbered_pieces_and_ends_with_the_stored_answer()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();

        var events = await ReadAllAsync(chatroom.StreamTurnAsync(ownerId, Streamed("one two three four [[chunks:4]]"), afterSequence: null));

        var pieces = events.OfType<TurnText>().ToList();
        var end = Assert.IsType<TurnEnded>(events[^1]);
        Assert.Equal(ChatTurnStatus.Replied, end.Result.Status);
        Assert.True(pieces.Count >= 2, $"Expected the answer in pieces, got {pieces.Count}.");
        Assert.Equal(Enumerable.Range(0, pieces.Count).Select(i => (int?)i), pieces.Select(p => p.Sequence));
        Assert.Equal(end.Result.Reply!.Text, string.Concat(pieces.Select(p => p.Text)));
        Assert.Single(events.OfType<TurnEnded>());
    }

    [Fact]
    public async Task A_follower_resumes_after_an_event_and_an_ended_turn_replays_as_stored()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        var request = Streamed("alpha beta gamma delta epsilon [[chunks:5]] [[chunk-interval:200]]");
        var sender = ReadAllAsync(chatroom.StreamTurnAsync(ownerId, request, afterSequence: null));
        await WaitUntilRunningAsync(chatroom, ownerId);

        var resumed = await ReadAllAsync(chatroom.FollowTurnAsync(ownerId, request.TurnId, afterSequence: 0));
        var sent = await sender;
        var fromStart = await ReadAllAsync(chatroom.FollowTurnAsync(ownerId, request.TurnId, afterSequence: null));
        var afterSome = await ReadAllAsync(chatroom.FollowTurnAsync(ownerId, request.TurnId, afterSequence: 3));

        var answer = ((TurnEnded)sent[^1]).Result.Reply!.Text;
        var firstPiece = sent.OfType<TurnText>().First().Text;
        Assert.Equal(answer, firstPiece + string.Concat(resumed.OfType<TurnText>().Select(p => p.Text)));
        Assert.Equal(answer, Assert.IsType<TurnText>(fromStart[0]).Text);
        Assert.IsType<TurnEnded>(Assert.Single(afterSome));
    }

    [Fact]
    public async Task A_retry_with_the_key_of_a_turn_in_flight_joins_it_instead_of_asking_gemini_again()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        var message = $"joined {Guid.NewGuid():N} one two three [[chunks:3]] [[chunk-interval:300]]";
        var request = Streamed(message) with { IdempotencyKey = "client:joined", IdempotencyKeyFromClient = true };
        var sender = ReadAllAsync(chatroom.StreamTurnAsync(ownerId, request, afterSequence: null));
        await WaitUntilRunningAsync(chatroom, ownerId);

        var retry = await ReadAllAsync(chatroom.StreamTurnAsync(ownerId, request with { RequestId = Guid.NewGuid() }, afterSequence: null));
        var original = await sender;

        Assert.Equal(request.TurnId, Assert.IsType<TurnJoined>(retry[0]).TurnId);
        var retryEnd = Assert.IsType<TurnEnded>(retry[^1]);
        Assert.True(retryEnd.Result.Replayed);
        Assert.False(((TurnEnded)original[^1]).Result.Replayed);
        Assert.Equal(((TurnEnded)original[^1]).Result.Reply!.Text, retryEnd.Result.Reply!.Text);
        Assert.Single(fixture.Gemini.Requests.Containing(message));
    }

    [Fact]
    public async Task A_turn_the_chatroom_does_not_know_and_another_users_turn_end_as_unknown()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        var request = new ChatTurnRequest("mine");
        Assert.Equal(ChatTurnStatus.Replied, (await chatroom.RunTurnAsync(ownerId, request)).Status);
        var strangerId = (await fixture.NewUserAsync()).GetPrimaryKeyString();

        var unknown = await ReadAllAsync(chatroom.FollowTurnAsync(ownerId, Guid.NewGuid().ToString("N"), afterSequence: null));
        var foreign = await ReadAllAsync(chatroom.FollowTurnAsync(strangerId, request.TurnId, afterSequence: null));

        Assert.Equal(ChatTurnStatus.TurnUnknown, Assert.IsType<TurnEnded>(Assert.Single(unknown)).Result.Status);
        Assert.Equal(ChatTurnStatus.TurnUnknown, Assert.IsType<TurnEnded>(Assert.Single(foreign)).Result.Status);
    }

    [Fact]
    public async Task A_send_waiting_behind_another_turn_is_told_it_is_alive_and_runs_after_it()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        var first = ReadAllAsync(chatroom.StreamTurnAsync(ownerId, Streamed("slow one two three four [[chunks:4]] [[chunk-interval:1200]]"), null));
        await WaitUntilRunningAsync(chatroom, ownerId);

        var second = await ReadAllAsync(chatroom.StreamTurnAsync(ownerId, Streamed("second"), afterSequence: null));
        await first;
        var page = await chatroom.GetPageAsync(ownerId, before: null, limit: 10);

        Assert.Contains(second, e => e is TurnStillRunning);
        Assert.Equal(ChatTurnStatus.Replied, ((TurnEnded)second[^1]).Result.Status);
        Assert.Equal("second", page!.Messages[2].Text);
    }

    [Fact]
    public async Task A_plain_send_waiting_unseen_behind_another_turn_is_followed_until_it_ends_not_called_unknown()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        var first = ReadAllAsync(chatroom.StreamTurnAsync(ownerId, Streamed("slow one two three [[chunks:3]] [[chunk-interval:1500]]"), null));
        await WaitUntilRunningAsync(chatroom, ownerId);
        var plain = new ChatTurnRequest("plain, in line");
        var run = chatroom.RunTurnAsync(ownerId, plain);

        var followed = await ReadAllAsync(chatroom.FollowTurnAsync(ownerId, plain.TurnId, afterSequence: null));
        await first;

        Assert.IsType<TurnStillRunning>(followed[0]);
        var end = Assert.IsType<TurnEnded>(followed[^1]);
        Assert.Equal(ChatTurnStatus.Replied, end.Result.Status);
        Assert.Equal((await run).Reply!.Text, end.Result.Reply!.Text);
    }

    [Fact]
    public async Task More_attachments_than_a_message_may_carry_are_refused_by_the_chatroom()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();

        var refused = await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest("look") { AttachmentIds = ["a", "b", "c", "d", "e", "f"] });

        Assert.Equal(ChatTurnStatus.TooManyAttachments, refused.Status);
        Assert.Contains("At most 5", refused.Detail);
    }

    private static ChatTurnRequest Streamed(string text) => new(text) { Streamed = true };

    private static async Task<List<TurnEvent>> ReadAllAsync(IAsyncEnumerable<TurnEvent> events)
    {
        var read = new List<TurnEvent>();
        await foreach (var item in events)
        {
            read.Add(item);
        }

        return read;
    }

    /// <summary>Until the chatroom shows a turn generating (its page's <c>Generating</c>).</summary>
    private static async Task WaitUntilRunningAsync(IChatroomGrain chatroom, string ownerId)
    {
        for (var i = 0; i < 200 && (await chatroom.GetPageAsync(ownerId, before: null, limit: 1))?.Generating is not { Text.Length: > 0 }; i++)
        {
            await Task.Delay(20);
        }
    }

    private async Task<(string OwnerId, IChatroomGrain Chatroom)> NewChatroomAsync()
    {
        IUserGrain owner = await fixture.NewUserAsync();
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString());
        Assert.Equal(ChatroomChangeStatus.Changed, (await chatroom.CreateAsync(owner.GetPrimaryKeyString(), new ChatroomChange(Title: "Streams"))).Status);
        return (owner.GetPrimaryKeyString(), chatroom);
    }
}
