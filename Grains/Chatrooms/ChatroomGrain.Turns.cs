using System.Diagnostics;
using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// Sending a turn and running it. The send interleaves and answers the turn's first events; the run is this grain's
/// one non-reentrant turn call, which the send makes on the grain itself, so turns still take their turn in the order
/// they arrive and wait for a change or a deletion in progress, while their readers never wait for anything.
/// </summary>
public sealed partial class ChatroomGrain
{
    public Task<TurnBatch> SendTurnAsync(string requesterId, ChatTurnRequest request, int? afterSequence) =>
        SendTurnAsync(requesterId, request, afterSequence, sender: null);

    public async Task<TurnBatch> SendTurnAsync(string requesterId, ChatTurnRequest request, int? afterSequence, CallerCredential? sender)
    {
        if (OwnedBy(requesterId) is not null && _inFlight.FindRetried(request) is { } running)
        {
            if (await new TurnCaller(sender).RefusalAsync(GrainFactory, requesterId) is { } refused)
            {
                return new TurnBatch([new TurnEnded(refused)]);
            }

            // The client's retry of a turn still in flight reads that turn, live, from where the client stands.
            var caughtUp = await ReadLiveAsync(running, new TurnRead(running.TurnId, afterSequence, CatchUp: true, afterSequence is null));
            return new TurnBatch([new TurnJoined(running.TurnId), .. caughtUp.Events]);
        }

        var turn = _inFlight.Add(request);
        RunInLine(requesterId, request, sender, turn);
        return await ReadLiveAsync(turn, new TurnRead(turn.TurnId, AfterSequence: null, CatchUp: true, afterSequence is null));
    }

    public Task<ChatTurnResult> RunTurnAsync(string requesterId, ChatTurnRequest request) => RunTurnAsync(requesterId, request, sender: null);

    public async Task<ChatTurnResult> RunTurnAsync(string requesterId, ChatTurnRequest request, CallerCredential? sender)
    {
        var turn = _inFlight.Start(request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await RunAsync(requesterId, request, new TurnCaller(sender), turn);
            turn.End(result);
            CountEnded(result, turn, started);
            // Ended is ended for every reader from here: a follower arriving while the usage is recorded reads the
            // turn as stored; only a reader that was reading it goes on from the live turn's buffer.
            _inFlight.Remove(turn);
            _ended.KeepForReaders(turn);
            // Awaited after the turn ended, so a stream's readers have their done already; a plain send's answer waits
            // for it, so the usage its client reads next includes the turn. A stored answer's record went out beside
            // the charge of its slot; any other outcome's goes now. It never throws.
            await (turn.UsageRecorded ?? _turns.RecordOutcomeAsync(requesterId, turn.TurnId, result, _history.Current?.Settings.Model));
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
            _inFlight.CallReturned();
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
            turnServices.Metrics.FirstToken(model, Stopwatch.GetElapsedTime(started, first), turn.ModelTimeToFirstEvent);
        }
    }

    /// <summary>
    /// This grain's reference to itself, made once per activation: each new reference builds its proxy, whose
    /// constructor resolves its argument copiers through the container (1–1.7 % of a streamed turn's samples).
    /// </summary>
    private IChatroomGrain Self => _self ??= this.AsReference<IChatroomGrain>();

    private IChatroomGrain? _self;

    /// <summary>Queues the turn through the grain's own non-reentrant call; a run that never started breaks the turn off.</summary>
    private void RunInLine(string requesterId, ChatTurnRequest request, CallerCredential? sender, LiveTurn turn)
    {
        Self.RunTurnAsync(requesterId, request, sender).ContinueWith(
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

    private async Task<ChatTurnResult> RunAsync(string requesterId, ChatTurnRequest request, TurnCaller caller, LiveTurn turn)
    {
        var result = await caller.RefuseUncheckedAsync(await RunCheckedAsync(requesterId, request, turn, caller), GrainFactory, requesterId);
        _ended.Add(result);
        return result;
    }

    /// <summary>The turn as its sender asked it; the sender is checked with the slot, if the turn gets that far.</summary>
    private async Task<ChatTurnResult> RunCheckedAsync(string requesterId, ChatTurnRequest request, LiveTurn turn, TurnCaller caller)
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
        var result = await _turns.RunAsync(view, request, turn, caller);
        result = result.TurnId is null ? result with { TurnId = turn.TurnId } : result;
        result = turn.ModelTime is { } waited ? result with { ModelTime = waited } : result;
        if (!ReferenceEquals(_history.Current, view))
        {
            // Before the turn ends, so a client that has the answer can also find it.
            await _search.TurnStoredAsync();
        }

        return result;
    }
}
