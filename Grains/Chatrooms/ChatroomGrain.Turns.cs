using System.Diagnostics;
using System.Runtime.CompilerServices;
using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// Sending a turn and running it. The send is a stream (it interleaves); the run is this grain's one
/// non-reentrant turn call, which the send makes on the grain itself, so turns still take their turn in the order
/// they arrive and wait for a change or a deletion in progress, while their readers never wait for anything.
/// </summary>
public sealed partial class ChatroomGrain
{
    public IAsyncEnumerable<TurnEvent> StreamTurnAsync(string requesterId, ChatTurnRequest request, int? afterSequence) =>
        SendAndReadAsync(requesterId, request, afterSequence);

    public async Task<ChatTurnResult> RunTurnAsync(string requesterId, ChatTurnRequest request)
    {
        var turn = _inFlight.Start(request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await RunAsync(requesterId, request, turn);
            turn.End(result);
            CountEnded(result, turn, started);
            // Ended is ended for every reader from here: a follower arriving while the usage is recorded reads the
            // turn as stored, not from the live turn's buffer.
            _inFlight.Remove(turn);
            // After the turn ended, so a stream's readers have their done already; a plain send's answer waits for
            // this one call, so the usage its client reads next includes the turn. It never throws.
            await turnServices.Usage.RecordAsync(GrainFactory, requesterId, turn.TurnId, result, _history.Current?.Settings.Model);
            return result;
        }
        catch (Exception e)
        {
            // Retried by its sender under the same id (a grain it needed was lost), so not remembered as ended.
            turn.BreakOff(e);
            throw;
        }
        finally
        {
            _inFlight.Remove(turn);
        }
    }

    /// <summary>A replay is the count of the turn it replays, already made; a stream's first piece is timed from the run's start.</summary>
    private void CountEnded(ChatTurnResult result, LiveTurn turn, long started)
    {
        if (result.Replayed)
        {
            return;
        }

        var model = result.Reply?.Model ?? _history.Current?.Settings.Model ?? turnServices.Models.Default.Id;
        turnServices.Metrics.TurnEnded(model, result, Stopwatch.GetElapsedTime(started));
        if (turn.Streams && turn.FirstPieceAt is { } first)
        {
            turnServices.Metrics.FirstToken(model, Stopwatch.GetElapsedTime(started, first));
        }
    }

    private async IAsyncEnumerable<TurnEvent> SendAndReadAsync(
        string requesterId, ChatTurnRequest request, int? afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (OwnedBy(requesterId) is not null && _inFlight.FindRetried(request) is { } running)
        {
            // The client's retry of a turn still in flight reads that turn, live, from where the client stands.
            yield return new TurnJoined(running.TurnId);
            await foreach (var followed in running.ReadAsync(afterSequence, cancellationToken))
            {
                // For this send the outcome is a replay: it did not start the turn.
                yield return followed is TurnEnded ended ? new TurnEnded(ended.Result with { Replayed = true }) : followed;
            }

            yield break;
        }

        var turn = _inFlight.Add(request);
        RunInLine(requesterId, request, turn);
        await foreach (var item in turn.ReadAsync(afterSequence: null, cancellationToken))
        {
            if (item is TurnEnded { Result.Replayed: true } replayed)
            {
                // The key named a stored turn: read as that ended turn is read, after the event the client last saw.
                yield return new TurnJoined(replayed.Result.TurnId!);
                foreach (var stored in EndedTurnEvents.Of(replayed.Result, fromStart: afterSequence is null))
                {
                    yield return stored;
                }

                yield break;
            }

            yield return item;
        }
    }

    /// <summary>Queues the turn through the grain's own non-reentrant call; a run that never started breaks the turn off.</summary>
    private void RunInLine(string requesterId, ChatTurnRequest request, LiveTurn turn)
    {
        this.AsReference<IChatroomGrain>().RunTurnAsync(requesterId, request).ContinueWith(
            run =>
            {
                if (run.Exception is { } failure)
                {
                    turn.BreakOff(failure.InnerException ?? failure);
                    _inFlight.Remove(turn);
                }
            },
            CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Current);
    }

    private async Task<ChatTurnResult> RunAsync(string requesterId, ChatTurnRequest request, LiveTurn turn)
    {
        // After a write of unknown fate, what is stored decides (a retry under the same key may find its turn there).
        await _history.RefreshIfStaleAsync();
        if (OwnedBy(requesterId) is not { } view)
        {
            return new ChatTurnResult(ChatTurnStatus.NotFound, Detail: "Chatroom not found.");
        }

        if (!turnServices.GeminiConfigured)
        {
            return new ChatTurnResult(ChatTurnStatus.GeminiNotConfigured, Detail: "Gemini is not configured.");
        }

        TitleWhenAnswered(view, request, turn);
        var result = await _turns.RunAsync(view, request, turn);
        result = result.TurnId is null ? result with { TurnId = turn.TurnId } : result;
        result = turn.ModelTime is { } waited ? result with { ModelTime = waited } : result;
        if (!ReferenceEquals(_history.Current, view))
        {
            // Before the turn ends, so a client that has the answer can also find it.
            await _search.TurnStoredAsync();
        }

        _ended.Add(result);
        return result;
    }
}
