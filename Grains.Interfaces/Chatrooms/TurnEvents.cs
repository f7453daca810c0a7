namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// What a turn tells whoever reads it: the sender and every follower read the same events, in batches from
/// <see cref="IChatroomGrain.SendTurnAsync"/> and <see cref="IChatroomGrain.ReadTurnAsync"/> (or as a stream from the
/// previous release's calls), and every read ends with one <see cref="TurnEnded"/>. New kinds of output (tool calls,
/// citations, images) are new event types.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnEvent")]
public abstract record TurnEvent
{
    /// <summary>Where <paramref name="item"/> stands among the turn's numbered events; null for one that is not numbered.</summary>
    public static int? SequenceOf(TurnEvent item) => item switch
    {
        TurnText text => text.Sequence,
        TurnThought thought => thought.Sequence,
        TurnCode code => code.Sequence,
        TurnCodeResult result => result.Sequence,
        TurnGrounding grounding => grounding.Sequence,
        TurnImage image => image.Sequence,
        TurnTitle title => title.Sequence,
        _ => null,
    };
}

/// <summary>
/// A piece of the answer's visible text. <paramref name="Sequence"/> numbers the turn's pieces (text and thoughts
/// share it) so a reader can resume after the last one it saw; null on a piece that completes the answer at its
/// end (the stored answer is the truth, and it is longer than what the reader was given).
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnText")]
public sealed record TurnText(int? Sequence, string Text) : TurnEvent;

/// <summary>A piece of the model's thought summary (only when the turn asked for them); numbered with the text.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnThought")]
public sealed record TurnThought(int? Sequence, string Text) : TurnEvent;

/// <summary>
/// The send did not start a turn of its own: its idempotency key names turn <paramref name="TurnId"/>, which is
/// running (the stream follows it) or already stored (the stream replays it). The first event when it comes.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnJoined")]
public sealed record TurnJoined(string TurnId) : TurnEvent;

/// <summary>
/// Nothing new for a few seconds (the model is thinking, or the turn waits behind another): the turn is alive. A
/// reader that hears nothing at all for longer has lost its way to the chatroom.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnStillRunning")]
public sealed record TurnStillRunning : TurnEvent
{
    public static TurnStillRunning Instance { get; } = new();
}

/// <summary>
/// The last event of every stream: the turn's outcome. <see cref="ChatTurnStatus.TurnUnknown"/> says the chatroom
/// knows no such turn (never sent, or lost with a silo before anything was stored).
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnEnded")]
public sealed record TurnEnded(ChatTurnResult Result) : TurnEvent;

/// <summary>Code the model wrote and is about to run (code execution); numbered with the text.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnCode")]
public sealed record TurnCode(int? Sequence, string Language, string Code) : TurnEvent;

/// <summary>What running the model's code gave: Gemini's outcome (<c>OUTCOME_OK</c>, ...) and the output; numbered with the text.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnCodeResult")]
public sealed record TurnCodeResult(int? Sequence, string Outcome, string Output) : TurnEvent;

/// <summary>
/// Where the answer comes from: its Google Search grounding (citations as character spans of the text so far, which
/// is the whole answer when Gemini sends it, with the last chunk) and the pages URL context fetched.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnGrounding")]
public sealed record TurnGrounding(int? Sequence, MessageGrounding? Grounding, UrlRetrieval[]? Urls) : TurnEvent;

/// <summary>An image the model made, once it is stored (downloadable through the chatroom's attachment route).</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnImage")]
public sealed record TurnImage(int? Sequence, MessageImage Image) : TurnEvent;

/// <summary>
/// The chatroom's new title, made by the model while the chatroom's first answer was being written (only while the
/// turn is live: a turn read after it ended does not repeat it); numbered with the text.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnTitle")]
public sealed record TurnTitle(int? Sequence, string Title) : TurnEvent;
