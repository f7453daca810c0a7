namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// One read of turn <paramref name="TurnId"/> by a reader that keeps its own place (the chatroom keeps nothing per
/// reader, so a read needs no closing call and may come through any gateway).
/// </summary>
/// <param name="AfterSequence">The last numbered event the reader has of the run it reads; null: none.</param>
/// <param name="CatchUp">
/// The reader arrives (its first read, or its first after a fault): what it missed comes as at most one thought and
/// one text piece. A reader that keeps up reads piece by piece.
/// </param>
/// <param name="FromStart">The reader's client has none of the turn: a stored turn replayed to it comes whole.</param>
/// <param name="Gather">
/// How long after it arrives the read may hold pieces back so that those close behind go out with them, in one answer
/// and one write to the client (zero: at once). A piece after a longer silence, and the turn's end, never wait.
/// </param>
[GenerateSerializer, Immutable, Alias("GeminiClone.Chatrooms.TurnRead")]
public sealed record TurnRead(string TurnId, int? AfterSequence, bool CatchUp, bool FromStart, TimeSpan Gather = default);

/// <summary>
/// What one read answers: every event since the reader's place, without waiting when there are any; otherwise the
/// next ones as soon as they come, or <see cref="TurnStillRunning"/> alone after a few silent seconds. The last
/// event is <see cref="TurnEnded"/> once the turn has ended. Immutable, so a gateway in the silo's own process gets
/// it without a copy.
/// </summary>
[GenerateSerializer, Immutable, Alias("GeminiClone.Chatrooms.TurnBatch")]
public sealed record TurnBatch(TurnEvent[] Events)
{
    /// <summary>Whether the batch holds the turn's outcome (then it is the last event).</summary>
    public bool Ends => Events is [.., TurnEnded];

    /// <summary>
    /// How long the turn waited for Gemini's first event, once it has had it (a streamed turn's): what of the time to
    /// a stream's first event is the model's, which the gateway reports as <c>Server-Timing</c>. Null before, for a
    /// plain turn, and from silos before it existed.
    /// </summary>
    [Id(1)] public TimeSpan? ModelTimeToFirstEvent { get; init; }
}
