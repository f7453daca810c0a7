using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Users;
using GeminiClone.Grains.Tests.Infrastructure;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>
/// A turn read in batches, at the grain: the reader keeps its place, the chatroom answers everything since it in one
/// call (each piece under its number), waits when there is nothing new, and keeps a turn that has just ended whole
/// for a reader that was between two reads of it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TurnReadTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_reader_between_two_reads_when_the_turn_ends_gets_every_piece_since_its_place_in_one_read()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        var hold = $"between-{Guid.NewGuid():N}";
        var request = new ChatTurnRequest($"one two three four five six [[chunks:6]] [[hold:{hold}]]") { Streamed = true };
        var place = new TurnReadPlace(request.TurnId, clientPlace: null, sends: true);
        var first = Read(place, place.Sent(await chatroom.SendTurnAsync(ownerId, request, afterSequence: null)));

        // Another reader reads the turn to its end; this one has not asked again yet.
        fixture.Gemini.Holds.Release(hold);
        await ReadToEndAsync(chatroom.FollowTurnAsync(ownerId, request.TurnId, afterSequence: null));
        var rest = await chatroom.ReadTurnAsync(ownerId, place.Next(catchUp: false));

        Assert.DoesNotContain(first, e => e is TurnEnded);
        Assert.True(rest.Ends);
        var pieces = first.Concat(rest.Events).OfType<TurnText>().ToList();
        Assert.Equal(Enumerable.Range(0, pieces.Count).Select(i => (int?)i), pieces.Select(p => p.Sequence));
        Assert.True(pieces.Count - first.Count >= 2, $"Expected the pieces after the first read one by one, got {pieces.Count - first.Count}.");
        var end = Assert.IsType<TurnEnded>(rest.Events[^1]);
        Assert.Equal(end.Result.Reply!.Text, string.Concat(pieces.Select(p => p.Text)));
    }

    [Fact]
    public async Task A_read_with_nothing_new_answers_with_the_next_pieces_once_they_come()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        var hold = $"read-{Guid.NewGuid():N}";
        var request = new ChatTurnRequest($"alpha beta gamma delta [[chunks:4]] [[hold:{hold}]]") { Streamed = true };
        var place = new TurnReadPlace(request.TurnId, clientPlace: null, sends: true);
        Read(place, place.Sent(await chatroom.SendTurnAsync(ownerId, request, afterSequence: null)));

        // Held after its first piece: nothing new until the release, so the read waits for it (a beat is seconds away).
        var waiting = chatroom.ReadTurnAsync(ownerId, place.Next(catchUp: false));
        fixture.Gemini.Holds.Release(hold);
        var next = Read(place, await waiting);

        Assert.NotEmpty(next);
        Assert.All(next, e => Assert.True(e is TurnText or TurnEnded, $"Unexpected {e}."));
        Assert.Equal(1, TurnEvent.SequenceOf(next[0]));
    }

    [Fact]
    public async Task A_reader_arriving_late_catches_up_in_one_piece_and_a_retry_joining_the_turn_ends_as_a_replay()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        var hold = $"late-{Guid.NewGuid():N}";
        var request = new ChatTurnRequest($"late one two three [[chunks:3]] [[hold:{hold}]]")
        {
            Streamed = true,
            IdempotencyKey = $"client:{hold}",
            IdempotencyKeyFromClient = true,
        };
        await chatroom.SendTurnAsync(ownerId, request, afterSequence: null);

        var retry = request with { RequestId = Guid.NewGuid() };
        var place = new TurnReadPlace(retry.TurnId, clientPlace: null, sends: true);
        var joined = Read(place, place.Sent(await chatroom.SendTurnAsync(ownerId, retry, afterSequence: null)));
        fixture.Gemini.Holds.Release(hold);
        var rest = await ReadOnAsync(chatroom, ownerId, place);

        Assert.Equal(request.TurnId, Assert.IsType<TurnJoined>(joined[0]).TurnId);
        Assert.Equal(0, Assert.IsType<TurnText>(Assert.Single(joined, e => e is TurnText)).Sequence);
        var end = Assert.IsType<TurnEnded>(rest[^1]);
        Assert.True(end.Result.Replayed);
        Assert.Equal(end.Result.Reply!.Text, string.Concat(joined.Concat(rest).OfType<TurnText>().Select(p => p.Text)));
    }

    [Fact]
    public async Task A_read_that_gathers_answers_the_pieces_close_behind_together_and_the_end_does_not_wait()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        var hold = $"gather-{Guid.NewGuid():N}";
        var request = new ChatTurnRequest($"one two three four five [[chunks:5]] [[chunk-interval:50]] [[hold:{hold}]]") { Streamed = true };
        var place = new TurnReadPlace(request.TurnId, clientPlace: null, sends: true);
        var first = Read(place, place.Sent(await chatroom.SendTurnAsync(ownerId, request, afterSequence: null)));

        // A gathering far longer than the rest of the answer: only the end can close it (else the call would time out).
        var waiting = chatroom.ReadTurnAsync(ownerId, place.Next(catchUp: false, gather: TimeSpan.FromMinutes(5)));
        fixture.Gemini.Holds.Release(hold);
        var rest = await waiting;

        Assert.True(rest.Ends);
        var pieces = first.Concat(rest.Events).OfType<TurnText>().ToList();
        Assert.Equal(Enumerable.Range(0, pieces.Count).Select(i => (int?)i), pieces.Select(p => p.Sequence));
        Assert.True(rest.Events.OfType<TurnText>().Count() >= 2, "Expected the pieces 50 ms apart gathered into one answer.");
        Assert.Equal(((TurnEnded)rest.Events[^1]).Result.Reply!.Text, string.Concat(pieces.Select(p => p.Text)));
    }

    private static List<TurnEvent> Read(TurnReadPlace place, TurnBatch batch) => batch.Events.Select(place.Read).ToList();

    private static async Task<List<TurnEvent>> ReadOnAsync(IChatroomGrain chatroom, string ownerId, TurnReadPlace place)
    {
        var read = new List<TurnEvent>();
        while (read is not [.., TurnEnded])
        {
            read.AddRange(Read(place, await chatroom.ReadTurnAsync(ownerId, place.Next(catchUp: false))));
        }

        return read;
    }

    private static async Task ReadToEndAsync(IAsyncEnumerable<TurnEvent> events)
    {
        await foreach (var _ in events)
        {
        }
    }

    private async Task<(string OwnerId, IChatroomGrain Chatroom)> NewChatroomAsync()
    {
        IUserGrain owner = await fixture.NewUserAsync();
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString());
        Assert.Equal(ChatroomChangeStatus.Changed, (await chatroom.CreateAsync(owner.GetPrimaryKeyString(), new ChatroomChange(Title: "Reads"))).Status);
        return (owner.GetPrimaryKeyString(), chatroom);
    }
}
