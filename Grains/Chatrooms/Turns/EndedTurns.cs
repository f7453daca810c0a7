using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// The outcomes of the last few turns of this activation, so a reader who comes back a moment too late still learns
/// how a turn ended, including one that stored nothing (failed, or stopped before any text). Stored answers are
/// found in the history as well. Besides these few results, the last two turns stay whole (<see cref="KeepForReaders"/>).
/// </summary>
internal sealed class EndedTurns
{
    private const int Kept = 8;
    private const int KeptWhole = 2;
    private readonly Queue<ChatTurnResult> _results = new(Kept);
    private readonly Queue<LiveTurn> _whole = new(KeptWhole);

    /// <summary>
    /// Keeps an ended turn as its readers read it: a reader between two reads when the turn ended (a read answers,
    /// the next is on its way) still gets the pieces that came meanwhile and the end of the answer, not just the
    /// outcome. A reader is that late by a moment, so the last two turns are enough.
    /// </summary>
    public void KeepForReaders(LiveTurn turn)
    {
        if (_whole.Count == KeptWhole)
        {
            _whole.Dequeue();
        }

        _whole.Enqueue(turn);
    }

    /// <summary>A turn kept by <see cref="KeepForReaders"/>; its id is the one it was sent under.</summary>
    public LiveTurn? FindWhole(string turnId) => _whole.LastOrDefault(t => t.TurnId == turnId);

    public void Add(ChatTurnResult result)
    {
        // An unknown outcome is not remembered: once the chatroom has read what is stored, the history tells.
        if (result.Status == ChatTurnStatus.OutcomeUnknown)
        {
            return;
        }

        if (_results.Count == Kept)
        {
            _results.Dequeue();
        }

        _results.Enqueue(result);
    }

    public ChatTurnResult? Find(string turnId) => _results.LastOrDefault(r => r.TurnId == turnId);

    /// <summary>
    /// A stored turn by id: an answer in the recent window on any branch (or a version the previous release kept),
    /// with its question, which a regenerated answer's is not the message before it.
    /// </summary>
    public static ChatTurnResult? FindStored(ChatroomView view, string turnId)
    {
        var tree = view.Tree;
        for (var i = view.Recent.Length - 1; i > 0; i--)
        {
            var answer = view.Recent[i];
            var id = view.RecentStart + i;
            if (answer.Role != MessageRole.AI || tree.IsRemoved(id))
            {
                continue;
            }

            var match = answer.TurnId == turnId ? answer : answer.Versions?.FirstOrDefault(v => v.TurnId == turnId);
            var questionId = tree.ParentOf(id);
            if (match is not null)
            {
                // A regenerate's question may sit on a sealed page by now: the answer is what a reader needs.
                var question = questionId >= view.RecentStart ? view.Recent[questionId - view.RecentStart] : null;
                return new ChatTurnResult(ChatTurnStatus.Replied, question, match, match.Usage) { TurnId = turnId };
            }
        }

        return null;
    }
}
