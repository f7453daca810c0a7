using System.Text;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// A batch's pieces as the client gets them: numbered text pieces next to each other go out as one, under the last
/// one's number (and so do thought pieces), so a batch of gathered pieces is one event and one write, not one each.
/// A client resumes after that number exactly as after the pieces one by one.
/// </summary>
internal static class TurnPieces
{
    public static IEnumerable<TurnEvent> Joined(TurnEvent[] events) => events.Length < 2 ? events : JoinAdjacent(events);

    private static IEnumerable<TurnEvent> JoinAdjacent(TurnEvent[] events)
    {
        for (var i = 0; i < events.Length; i++)
        {
            var end = i;
            while (end + 1 < events.Length && SameKind(events[i], events[end + 1]))
            {
                end++;
            }

            yield return end == i ? events[i] : Join(events.AsSpan(i, end - i + 1));
            i = end;
        }
    }

    private static bool SameKind(TurnEvent first, TurnEvent next) => (first, next) switch
    {
        (TurnText { Sequence: not null }, TurnText { Sequence: not null }) => true,
        (TurnThought { Sequence: not null }, TurnThought { Sequence: not null }) => true,
        _ => false,
    };

    private static TurnEvent Join(ReadOnlySpan<TurnEvent> pieces)
    {
        var text = new StringBuilder();
        foreach (var piece in pieces)
        {
            text.Append(piece is TurnText words ? words.Text : ((TurnThought)piece).Text);
        }

        return pieces[^1] switch
        {
            TurnText last => new TurnText(last.Sequence, text.ToString()),
            var last => new TurnThought(((TurnThought)last).Sequence, text.ToString()),
        };
    }
}
