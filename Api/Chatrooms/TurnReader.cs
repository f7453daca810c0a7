using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using GeminiClone.Api.Problems;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// Reads one turn's events from its chatroom for one HTTP request, and is the gateway's one lost-turn detector. A
/// read that fails because the cluster cannot be reached (the silo or gateway carrying it died), or that hears
/// nothing for longer than the chatroom's still-running beat, is picked up again after the last event read: a send
/// none of whose words was read yet is sent again under its idempotency key (the chatroom joins the turn in flight,
/// replays the stored one, or runs it; never twice), anything else is followed again, and a turn the chatroom no
/// longer knows was lost with its silo. The request's <see cref="RequestDeadline"/> bounds how long the cluster may
/// go unheard: every answer from the chatroom renews it, and once it passes unheard the read throws a <see cref="TimeoutException"/>
/// (503, or an <c>error</c> event once a stream has begun). A client that goes away stops the reading, never the turn.
/// </summary>
/// <param name="sender">The sender's access token when the gateway left its check to the turn (<see cref="Auth.SessionCheckInTurn"/>).</param>
internal sealed class TurnReader(IChatroomGrain chatroom, string userId, CallerCredential? sender, RequestDeadline deadline, ClusterOutages outages)
{
    /// <summary>
    /// A read unanswered this long went down a dead connection: the chatroom says something at least every
    /// <c>LiveTurn.StillRunningEvery</c> (3 s) while a turn runs or waits.
    /// </summary>
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How long a read that keeps up may hold pieces back so that those close behind go out with them: the stream
    /// then costs a call and a write per gathering rather than per piece (a model may send dozens a second), and a
    /// reader sees the text come at least 25 times a second. The first words, a piece after a pause, and the end are
    /// never held.
    /// </summary>
    private static readonly TimeSpan PieceGathering = TimeSpan.FromMilliseconds(40);

    private const string LostDetail = "The turn was lost with the server that ran it and nothing was stored; send the message again.";

    /// <summary>How long the turn waited for Gemini's first event, once a batch read has said (a streamed turn's).</summary>
    public TimeSpan? ModelTimeToFirstEvent { get; private set; }

    /// <summary>Sends <paramref name="request"/> and reads its turn (or, for a client's retry, the turn its key names).</summary>
    public IAsyncEnumerable<TurnEvent> SendAsync(ChatTurnRequest request, int? afterSequence, CancellationToken cancellationToken) =>
        ReadAsync(request, request.TurnId, afterSequence, cancellationToken);

    public IAsyncEnumerable<TurnEvent> FollowAsync(string turnId, int? afterSequence, CancellationToken cancellationToken) =>
        ReadAsync(send: null, turnId, afterSequence, cancellationToken);

    /// <summary>
    /// A plain send: one call whose answer is the turn's outcome (what its <see cref="TurnEnded"/> carries), the
    /// cheapest way for a turn nobody reads piece by piece. One that has not answered within the silence limit is
    /// followed like any other turn, and whichever ends first ends the wait; a call the cluster lost, or a turn the
    /// chatroom does not know, is sent again under its idempotency key (answered from its receipt if it was stored,
    /// run once if not) while a failover lasts.
    /// </summary>
    public async Task<ChatTurnResult> SendPlainAsync(ChatTurnRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception lost;
            try
            {
                return await RunAndWatchAsync(attempt == 1 ? request : request.Resent(), cancellationToken);
            }
            catch (Exception e) when (ClusterOutages.IsClusterUnreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                lost = e;
            }

            await PauseOrGiveUpAsync(lost, attempt, cancellationToken);
        }
    }

    private async Task<ChatTurnResult> RunAndWatchAsync(ChatTurnRequest request, CancellationToken cancellationToken)
    {
        var run = chatroom.RunTurnAsync(userId, request, sender);
        try
        {
            // WaitAsync drops its timer as soon as the turn answers: nearly every turn costs no more than its call.
            return await run.WaitAsync(Shorter(SilenceLimit, deadline.Remaining), cancellationToken);
        }
        catch (TimeoutException) when (!run.IsCompleted)
        {
        }

        using var stopFollowing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var followed = OutcomeAsync(FollowAsync(request.TurnId, afterSequence: null, stopFollowing.Token));
        if (await Task.WhenAny(run, followed) == run)
        {
            await stopFollowing.CancelAsync();
            Abandon(followed);
            return await run;
        }

        Abandon(run);
        var result = await followed;
        return result.Status == ChatTurnStatus.TurnUnknown || result.Detail == LostDetail
            ? throw new SiloUnavailableException("The chat turn was lost with the silo or gateway that carried it.")
            : result;
    }

    /// <summary>Reads to the end: the turn's outcome.</summary>
    private static async Task<ChatTurnResult> OutcomeAsync(IAsyncEnumerable<TurnEvent> events)
    {
        await foreach (var item in events)
        {
            if (item is TurnEnded ended)
            {
                return ended.Result;
            }
        }

        throw new InvalidOperationException("A turn's events ended without its outcome.");
    }

    /// <summary>
    /// The turn's events, one call per batch (the chatroom answers everything new since the reader's place, so a
    /// reader that falls behind catches up in one call): the send, then reads from the place this request keeps. A
    /// read that loses its way to the chatroom is picked up again from that place: a send none of whose words was read
    /// is sent again, anything else followed again; a turn that the chatroom stops knowing while this request reads it
    /// broke off between two reads, which is handled the same way.
    /// </summary>
    private async IAsyncEnumerable<TurnEvent> ReadAsync(
        ChatTurnRequest? send, string turnId, int? afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var place = new TurnReadPlace(turnId, afterSequence, sends: send is not null);
        var sending = send is not null;
        var catchUp = true;
        var faults = 0;
        while (true)
        {
            // Not the client's token: a send whose client gives up at once must still reach the chatroom and run;
            // going away stops only this reading (the wait below listens to it).
            var call = sending
                ? chatroom.SendTurnAsync(userId, faults == 0 ? send! : send!.Resent(), place.ClientPlace, sender)
                : chatroom.ReadTurnAsync(userId, place.Next(catchUp, catchUp ? TimeSpan.Zero : PieceGathering));
            var (batch, lost) = await AnswerAsync(call, cancellationToken);
            if (!sending && (!catchUp || faults > 0) && batch is { Events: [TurnEnded { Result.Status: ChatTurnStatus.TurnUnknown }] })
            {
                // The chatroom knew the turn (this request sent or read it) and no longer does: it broke off, or was
                // lost with its silo. A send none of whose words was read is sent again; any other reader is told.
                if (send is not null && !place.WordsRead)
                {
                    (batch, lost) = (null, new SiloUnavailableException("The chat turn broke off before any of its words were read."));
                }
                else
                {
                    batch = new TurnBatch([new TurnEnded(new ChatTurnResult(ChatTurnStatus.StorageUnavailable, Detail: LostDetail) { TurnId = place.TurnId })]);
                }
            }

            if (batch is null)
            {
                await PauseOrGiveUpAsync(lost!, ++faults, cancellationToken);
                (sending, catchUp) = (send is not null && !place.WordsRead, true);
                continue;
            }

            ModelTimeToFirstEvent ??= batch.ModelTimeToFirstEvent;
            foreach (var item in TurnPieces.Joined((sending ? place.Sent(batch) : batch).Events))
            {
                var told = place.Read(item);
                yield return told;
                if (told is TurnEnded)
                {
                    yield break;
                }
            }

            (sending, catchUp) = (false, false);
        }
    }

    /// <summary>One call's batch, or the fault that says the way to the chatroom was lost (then no batch).</summary>
    private async Task<(TurnBatch? Batch, Exception? Lost)> AnswerAsync(Task<TurnBatch> call, CancellationToken cancellationToken)
    {
        try
        {
            var batch = await call.WaitAsync(Shorter(SilenceLimit, deadline.Remaining), cancellationToken);
            // The cluster answered about this turn: however long it has run, it is not an outage.
            deadline.Renew();
            return (batch, null);
        }
        catch (Exception e) when (ClusterOutages.IsClusterUnreachable(e) && !cancellationToken.IsCancellationRequested)
        {
            Abandon(call);
            return (null, e);
        }
    }

    /// <summary>A short pause before reading again, while the cluster is worth asking (a failover) and the deadline allows.</summary>
    private async Task PauseOrGiveUpAsync(Exception lost, int attempt, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(Math.Min(1000, 250 * attempt));
        if (deadline.Remaining <= pause)
        {
            throw RequestDeadline.Spent();
        }

        if (!outages.IsWorthRetrying(lost))
        {
            ExceptionDispatchInfo.Capture(lost).Throw();
        }

        await Task.Delay(pause, cancellationToken);
    }

    /// <summary>A wait given up on still ends some time; its failure is nobody's to see.</summary>
    private static void Abandon(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private static TimeSpan Shorter(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
