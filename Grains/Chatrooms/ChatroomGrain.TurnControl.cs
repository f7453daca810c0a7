using System.Runtime.CompilerServices;
using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>A turn as readers see it: followed from any gateway, live or ended, and stopped.</summary>
public sealed partial class ChatroomGrain
{
    public IAsyncEnumerable<TurnEvent> FollowTurnAsync(string requesterId, string turnId, int? afterSequence) =>
        FollowAsync(requesterId, turnId, afterSequence);

    private async IAsyncEnumerable<TurnEvent> FollowAsync(
        string requesterId, string turnId, int? afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (OwnedBy(requesterId) is null)
        {
            yield return EndedTurnEvents.Unknown(turnId);
            yield break;
        }

        // A plain send waits unseen in the grain's mailbox until it runs: while another turn runs, a turn not known
        // yet may be in line behind it, so its reader is told the chatroom is alive until it can tell.
        var waitedInLine = false;
        while (_inFlight.Find(turnId) is null && OwnedBy(requesterId) is { } waiting && FindEnded(waiting, turnId) is null
            && _inFlight.Running is { } ahead)
        {
            yield return TurnStillRunning.Instance;
            await WaitForEndAsync(ahead, cancellationToken);
            waitedInLine = true;
        }

        if (waitedInLine && _inFlight.Find(turnId) is null)
        {
            // The turn ahead just ended; the next in the mailbox starts at once.
            await _inFlight.NextStartAsync(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        if (OwnedBy(requesterId) is not { } view)
        {
            yield return EndedTurnEvents.Unknown(turnId);
            yield break;
        }

        if (_inFlight.Find(turnId) is { } live)
        {
            await foreach (var item in live.ReadAsync(afterSequence, cancellationToken))
            {
                yield return item;
            }

            yield break;
        }

        var ended = FindEnded(view, turnId);
        foreach (var item in ended is null ? [EndedTurnEvents.Unknown(turnId)] : EndedTurnEvents.Of(ended, fromStart: afterSequence is null))
        {
            yield return item;
        }
    }

    public async Task<TurnStopResult> StopTurnAsync(string requesterId, string? turnId)
    {
        if (OwnedBy(requesterId) is not { } view)
        {
            return new TurnStopResult(TurnStopStatus.NotFound);
        }

        if ((turnId is null ? _inFlight.Running : _inFlight.Find(turnId)) is { } live)
        {
            live.Stop();
            // Gemini may have finished before the stop reached it (the turn was storing its answer): then it ended.
            ChatTurnResult ended;
            try
            {
                ended = await live.Ended;
            }
            catch (Exception)
            {
                // The turn broke off (its sender tries it again): nothing of it was stored.
                ended = new ChatTurnResult(ChatTurnStatus.Stopped, Detail: "Stopped; nothing was stored.") { TurnId = live.TurnId };
            }

            return new TurnStopResult(ended.WasStopped ? TurnStopStatus.Stopped : TurnStopStatus.AlreadyEnded, live.TurnId, ended);
        }

        if (turnId is null)
        {
            return new TurnStopResult(TurnStopStatus.NothingRunning);
        }

        return FindEnded(view, turnId) is { } result
            ? new TurnStopResult(TurnStopStatus.AlreadyEnded, turnId, result)
            : new TurnStopResult(TurnStopStatus.NotFound);
    }

    /// <summary>Until <paramref name="turn"/> ends or a beat passes, whichever is first.</summary>
    private static async Task WaitForEndAsync(LiveTurn turn, CancellationToken cancellationToken)
    {
        try
        {
            await turn.Ended.WaitAsync(LiveTurn.StillRunningEvery, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A beat passed, or the turn broke off: either way, look again.
        }
    }

    private ChatTurnResult? FindEnded(ChatroomView view, string turnId) => _ended.Find(turnId) ?? EndedTurns.FindStored(view, turnId);
}
