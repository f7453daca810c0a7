using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>How a turn that has ended is read: the pieces' boundaries are not kept, only the stored answer.</summary>
internal static class EndedTurnEvents
{
    /// <summary>
    /// From the start: the whole answer as one thought and one text piece (or, for an answer that ran code, its steps
    /// in order), then its grounding, all numbered 0 so a reader can resume after them, then the outcome. After an
    /// event: only the outcome, whose stored message is the whole answer. A turn that failed is its outcome alone.
    /// </summary>
    public static IEnumerable<TurnEvent> Of(ChatTurnResult result, bool fromStart)
    {
        if (fromStart && !result.Failed && result.Reply is { } reply)
        {
            if (reply.Thoughts is { } thoughts)
            {
                yield return new TurnThought(0, thoughts);
            }

            foreach (var piece in reply.Steps is { Length: > 0 } steps ? steps.Select(step => CodeSteps.ToEvent(step, 0)) : [new TurnText(0, reply.Text)])
            {
                yield return piece;
            }

            foreach (var image in reply.Images ?? [])
            {
                yield return new TurnImage(0, image);
            }

            if (reply.Grounding is not null || reply.Urls is not null)
            {
                yield return new TurnGrounding(0, reply.Grounding, reply.Urls);
            }
        }

        yield return new TurnEnded(result);
    }

    /// <summary>What a reader of a turn the chatroom does not know is told.</summary>
    public static TurnEnded Unknown(string turnId) => new(new ChatTurnResult(ChatTurnStatus.TurnUnknown,
        Detail: TurnIds.UnknownDetail)
    {
        TurnId = turnId,
    });
}
