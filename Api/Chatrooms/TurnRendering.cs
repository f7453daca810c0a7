using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// The two renderings of a turn's events: the JSON answer (its outcome) and the server-sent event stream
/// (<c>thought</c>, <c>delta</c>, <c>code</c>, <c>result</c>, <c>grounding</c>, <c>image</c> and <c>title</c> events with resumable ids, then
/// <c>done</c> or <c>error</c>). Nothing here decides
/// anything about the turn; the chatroom's events say it all.
/// </summary>
internal static class TurnRendering
{
    public const string StoppedEmptyMessage = "Stopped before Gemini wrote any answer; nothing was stored";

    /// <summary>The JSON answer of a turn that replied or was stopped; null for a failed one (a problem instead).</summary>
    public static ChatTurnResponse? Json(string chatroomId, ChatTurnResult result, string successMessage) => result switch
    {
        { Status: ChatTurnStatus.Replied, Reply: { } reply } => new ChatTurnResponse(
            true, successMessage, reply.Text, MessageData.From(reply, result.ReplyPlace), result.Notice, TurnData.From(chatroomId, result)),
        { Status: ChatTurnStatus.Stopped } => new ChatTurnResponse(true, StoppedEmptyMessage, "", null, null, TurnData.From(chatroomId, result)),
        _ => null,
    };

    /// <summary>
    /// The event stream. A failure of the reading itself (the cluster went unheard past the request's deadline)
    /// ends it with an <c>error</c> event, as a turn's own failure does; a client that goes away just ends it.
    /// The closing events carry no id, so the last id a client saw stays that of the last piece.
    /// </summary>
    public static async IAsyncEnumerable<SseItem<object>> Sse(
        IAsyncEnumerator<TurnEvent> events, string turnId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var _ = events;
        while (true)
        {
            TurnEvent item;
            try
            {
                if (!await events.MoveNextAsync())
                {
                    yield break;
                }

                item = events.Current;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                item = new TurnEnded(new ChatTurnResult(ChatTurnStatus.StorageUnavailable,
                    Detail: "The service is temporarily unavailable; try again shortly."));
            }

            turnId = item is TurnJoined joined ? joined.TurnId : turnId;
            if (ToSse(item, turnId) is { } sse)
            {
                yield return sse;
            }

            if (item is TurnEnded)
            {
                yield break;
            }
        }
    }

    private static SseItem<object>? ToSse(TurnEvent item, string turnId) => item switch
    {
        TurnText text => Piece(text.Text, "delta", text.Sequence, turnId),
        TurnThought thought => Piece(thought.Text, "thought", thought.Sequence, turnId),
        TurnCode code => Numbered(new ChatStreamCode(code.Language, code.Code), "code", code.Sequence, turnId),
        TurnCodeResult result => Numbered(new ChatStreamCodeResult(result.Outcome, result.Output), "result", result.Sequence, turnId),
        TurnImage image => Numbered(ImageData.From(image.Image), "image", image.Sequence, turnId),
        TurnTitle title => Numbered(new ChatStreamTitle(title.Title), "title", title.Sequence, turnId),
        TurnGrounding grounding => Numbered(
            new ChatStreamGrounding(GroundingData.From(grounding.Grounding), grounding.Urls?.Select(UrlData.From).ToList()), "grounding", grounding.Sequence, turnId),
        TurnEnded { Result: { Failed: true } failed } => new SseItem<object>(ChatTurnResponses.ProblemBody(failed), "error"),
        TurnEnded ended => new SseItem<object>(ChatStreamDone.Of(ended.Result), "done"),
        _ => null,
    };

    private static SseItem<object> Piece(string text, string eventType, int? sequence, string turnId) =>
        Numbered(new ChatStreamDelta(text), eventType, sequence, turnId);

    private static SseItem<object> Numbered(object data, string eventType, int? sequence, string turnId) =>
        new(data, eventType) { EventId = sequence is { } at ? TurnEventIds.Of(turnId, at) : null };
}
