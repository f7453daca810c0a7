using System.Diagnostics;
using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>A turn as readers see it: followed from any gateway, live or ended, and stopped.</summary>
public sealed partial class ChatroomGrain
{
    public async Task<TurnBatch> ReadTurnAsync(string requesterId, TurnRead read)
    {
        if (OwnedBy(requesterId) is not { } view)
        {
            return Unknown(read.TurnId);
        }

        if (_inFlight.Find(read.TurnId) is null && FindEnded(view, read.TurnId) is null && _inFlight.InCall)
        {
            // A plain send waits unseen in the grain's mailbox until it runs: while another turn's call is in
            // progress, a turn not known yet may be in line behind it, so its reader is told the chatroom is alive
            // until it can tell. The call returns after its turn ended (the usage is recorded in between), and only
            // then does the grain take the next send: on a slow machine that took longer than the wait below.
            await _inFlight.CallReturnedAsync(LiveTurn.StillRunningEvery);
            if (_inFlight.Find(read.TurnId) is null && OwnedBy(requesterId) is { } waiting && FindEnded(waiting, read.TurnId) is null)
            {
                if (_inFlight.InCall)
                {
                    return new TurnBatch([TurnStillRunning.Instance]);
                }

                // The call ahead just returned; the next send in the mailbox starts at once.
                await _inFlight.NextStartAsync(TimeSpan.FromMilliseconds(250), CancellationToken.None);
            }
        }

        if (OwnedBy(requesterId) is not { } now)
        {
            return Unknown(read.TurnId);
        }

        // A reader that was reading goes on where it stands, even in a turn that has just ended.
        if ((_inFlight.Find(read.TurnId) ?? (read.CatchUp ? null : _ended.FindWhole(read.TurnId))) is { } live)
        {
            return await ReadLiveAsync(live, read);
        }

        return FindEnded(now, read.TurnId) is not { } ended ? Unknown(read.TurnId)
            : ended.Replayed ? new TurnBatch([.. Replay(ended, read.FromStart)])
            : new TurnBatch([.. EndedTurnEvents.Of(ended, fromStart: read.AfterSequence is null)]);
    }

    public IAsyncEnumerable<TurnEvent> StreamTurnAsync(string requesterId, ChatTurnRequest request, int? afterSequence) =>
        ReadToEndAsync(requesterId, new TurnReadPlace(request.TurnId, afterSequence, sends: true), request);

    public IAsyncEnumerable<TurnEvent> FollowTurnAsync(string requesterId, string turnId, int? afterSequence) =>
        ReadToEndAsync(requesterId, new TurnReadPlace(turnId, afterSequence, sends: false), send: null);

    /// <summary>A send or a follow and its reads as one stream, for the previous release's gateways.</summary>
    private async IAsyncEnumerable<TurnEvent> ReadToEndAsync(string requesterId, TurnReadPlace place, ChatTurnRequest? send)
    {
        var batch = send is not null
            ? place.Sent(await SendTurnAsync(requesterId, send, place.ClientPlace))
            : await ReadTurnAsync(requesterId, place.Next(catchUp: true));
        while (true)
        {
            foreach (var item in batch.Events)
            {
                var told = place.Read(item);
                yield return told;
                if (told is TurnEnded)
                {
                    yield break;
                }
            }

            batch = await ReadTurnAsync(requesterId, place.Next(catchUp: false));
        }
    }

    /// <summary>
    /// One read of a turn in flight (or just ended): what is new since the reader's place, or, when nothing is, the
    /// next change or a still-running beat, with the model's time to its first event once the turn has had it. A turn
    /// whose key named a stored turn reads as that turn, replayed.
    /// </summary>
    private static async Task<TurnBatch> ReadLiveAsync(LiveTurn turn, TurnRead read)
    {
        var arrived = Stopwatch.GetTimestamp();
        var events = turn.Read(read.AfterSequence, read.CatchUp);
        if (events.Count == 0)
        {
            if (!await turn.WaitForChangeAsync(CancellationToken.None))
            {
                return new TurnBatch([TurnStillRunning.Instance]) { ModelTimeToFirstEvent = turn.ModelTimeToFirstEvent };
            }

            // Pieces are coming: those close behind this one go out with it (the reader asked to gather them).
            if (read.Gather - Stopwatch.GetElapsedTime(arrived) is { Ticks: > 0 } gathering)
            {
                await turn.EndOrPauseAsync(gathering);
            }

            events = turn.Read(read.AfterSequence, read.CatchUp);
        }

        return events is [TurnEnded { Result.Replayed: true } replayed]
            ? new TurnBatch([.. Replay(replayed.Result, read.FromStart)])
            : new TurnBatch([.. events]) { ModelTimeToFirstEvent = turn.ModelTimeToFirstEvent };
    }

    private static TurnBatch Unknown(string turnId) => new([EndedTurnEvents.Unknown(turnId)]);

    /// <summary>A send whose key named a stored turn reads as that ended turn is read, after the event the client last saw.</summary>
    private static IEnumerable<TurnEvent> Replay(ChatTurnResult replayed, bool fromStart) =>
        [new TurnJoined(replayed.TurnId!), .. EndedTurnEvents.Of(replayed, fromStart)];

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

    private ChatTurnResult? FindEnded(ChatroomView view, string turnId) => _ended.Find(turnId) ?? EndedTurns.FindStored(view, turnId);
}
