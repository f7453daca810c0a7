namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// Where one reader of a turn stands between its reads: the turn it reads, the last numbered event it has of the run
/// it reads, whether any words reached it, and whether its send joined a turn already in flight or stored. Kept by
/// the reader (a gateway's request, or the chatroom's stream for the previous release's gateways), since the
/// chatroom keeps no state per reader.
/// </summary>
/// <param name="turnId">The turn read: a send's own (its request's id) or the one a follower names.</param>
/// <param name="clientPlace">Where the client stood when it asked (its <c>Last-Event-ID</c>); null: nowhere.</param>
/// <param name="sends">Whether the reader sent the turn (then a turn it joined ends, for it, as a replay).</param>
public sealed class TurnReadPlace(string turnId, int? clientPlace, bool sends)
{
    private bool _joined;

    public string TurnId { get; private set; } = turnId;

    /// <summary>Where the client stood when it asked: a turn the send joins is read from there.</summary>
    public int? ClientPlace { get; } = clientPlace;

    public int? LastSequence { get; private set; } = clientPlace;

    public bool WordsRead { get; private set; }

    /// <summary>
    /// The next read from here; <paramref name="catchUp"/> for a reader arriving (see <see cref="TurnRead.CatchUp"/>),
    /// <paramref name="gather"/> for one that would rather have pieces together (see <see cref="TurnRead.Gather"/>).
    /// </summary>
    public TurnRead Next(bool catchUp, TimeSpan gather = default) => new(TurnId, LastSequence, catchUp, FromStart: ClientPlace is null, gather);

    /// <summary>
    /// Takes a send's answer: a send that started a turn of its own reads that new run from its beginning, whatever
    /// the client last saw of an earlier attempt; one that joined a turn reads it from where the client stands.
    /// </summary>
    public TurnBatch Sent(TurnBatch batch)
    {
        if (!batch.Events.Any(static item => item is TurnJoined))
        {
            LastSequence = null;
        }

        return batch;
    }

    /// <summary>Moves past <paramref name="item"/>, and answers it as this reader is told it.</summary>
    public TurnEvent Read(TurnEvent item)
    {
        switch (item)
        {
            case TurnJoined joined:
                (TurnId, _joined) = (joined.TurnId, true);
                break;
            case TurnText or TurnThought:
                WordsRead = true;
                break;
            case TurnEnded { Result.Replayed: false } ended when sends && _joined:
                // For this send the outcome is a replay: it did not start the turn.
                return new TurnEnded(ended.Result with { Replayed = true });
        }

        LastSequence = TurnEvent.SequenceOf(item) ?? LastSequence;
        return item;
    }
}
