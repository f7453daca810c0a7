using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using GeminiClone.Api.Problems;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// Reads one turn's events from its chatroom for one HTTP request, and is the gateway's one lost-turn detector. A
/// read that fails because the cluster cannot be reached (the silo or gateway carrying it died), or that hears
/// nothing for longer than the chatroom's still-running beat, is picked up again after the last event read: a send
/// none of whose words was read yet is sent again under its idempotency key (the chatroom joins the turn in flight,
/// replays the stored one, or runs it; never twice), anything else is followed again, and a turn the chatroom no
/// longer knows was lost with its silo. The request's <see cref="RequestDeadline"/> bounds how long the cluster may
/// go unheard: every event renews it, and once it passes unheard the read throws a <see cref="TimeoutException"/>
/// (503, or an <c>error</c> event once a stream has begun). A client that goes away stops the reading, never the turn.
/// </summary>
internal sealed class TurnReader(IChatroomGrain chatroom, string userId, RequestDeadline deadline, ClusterOutages outages)
{
    /// <summary>
    /// A read unanswered this long went down a dead connection: the chatroom says something at least every
    /// <c>LiveTurn.StillRunningEvery</c> (3 s) while a turn runs or waits.
    /// </summary>
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(6);

    private const string LostDetail = "The turn was lost with the server that ran it and nothing was stored; send the message again.";

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
                return await RunAndWatchAsync(request, cancellationToken);
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
        var run = chatroom.RunTurnAsync(userId, request);
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

    private async IAsyncEnumerable<TurnEvent> ReadAsync(
        ChatTurnRequest? send, string turnId, int? afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var position = new ReadPosition(turnId, afterSequence);
        var following = send is null;
        var source = send is not null
            ? chatroom.StreamTurnAsync(userId, send, afterSequence)
            : chatroom.FollowTurnAsync(userId, turnId, afterSequence);
        for (var attempt = 1; ; attempt++)
        {
            // Not the client's token: a send whose client gives up at once must still reach the chatroom and run;
            // going away stops only this reading (each wait below listens to it).
            var events = source.GetAsyncEnumerator(CancellationToken.None);
            Exception? lost = null;
            var first = true;
            try
            {
                while (true)
                {
                    (var item, lost) = await NextAsync(events, first, cancellationToken);
                    first = false;
                    if (item is null)
                    {
                        break;
                    }

                    if (attempt > 1 && following && item is TurnEnded { Result.Status: ChatTurnStatus.TurnUnknown })
                    {
                        // Followed again after a fault, and the chatroom no longer knows the turn: it was lost with its silo.
                        item = new TurnEnded(new ChatTurnResult(ChatTurnStatus.StorageUnavailable, Detail: LostDetail) { TurnId = position.TurnId });
                    }

                    position.Read(item);
                    yield return item;
                    if (item is TurnEnded)
                    {
                        yield break;
                    }
                }
            }
            finally
            {
                // After a fault the read is dropped (the proxy has given it up; the chatroom drops it after a while).
                if (lost is null)
                {
                    Release(events);
                }
            }

            await PauseOrGiveUpAsync(lost!, attempt, cancellationToken);
            following = send is null || position.WordsRead;
            source = following
                ? chatroom.FollowTurnAsync(userId, position.TurnId, position.LastSequence)
                : chatroom.StreamTurnAsync(userId, send!, position.LastSequence);
        }
    }

    /// <summary>The next event, or the fault that says the way to the chatroom was lost (then no event).</summary>
    private async Task<(TurnEvent? Item, Exception? Lost)> NextAsync(IAsyncEnumerator<TurnEvent> events, bool first, CancellationToken cancellationToken)
    {
        // Only the first ask starts under the request's activity, so Orleans parents the read's span to it; later asks
        // ride that span. A later ask may end after the request did (its client left), and Orleans would make the
        // request's activity current again then: see OutsideTheRequest.
        var next = first
            ? events.MoveNextAsync().AsTask()
            : OutsideTheRequest(events, static e => e.MoveNextAsync().AsTask());
        try
        {
            if (!await next.WaitAsync(Shorter(SilenceLimit, deadline.Remaining), cancellationToken))
            {
                return (null, new EnumerationAbortedException("The chatroom's events ended without the turn's outcome."));
            }
        }
        catch (Exception e) when (ClusterOutages.IsClusterUnreachable(e) && !cancellationToken.IsCancellationRequested)
        {
            Abandon(next);
            return (null, e);
        }

        // The cluster answered about this turn: however long it has run, it is not an outage.
        deadline.Renew();
        return (events.Current, null);
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

    /// <summary>Frees the chatroom's end of a read that is done, without making the response wait for it.</summary>
    private static void Release(IAsyncEnumerator<TurnEvent> events) =>
        _ = OutsideTheRequest(events, static e => e.DisposeAsync().AsTask()).ContinueWith(
            static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>
    /// Starts a call on Orleans' enumerator with no <see cref="Activity"/> current. When the call completes, the
    /// enumerator makes current again whatever activity was current when it started; by then a request whose response
    /// is done, or whose client left, has stopped its activity, and .NET refuses a stopped one with an exception it
    /// throws and catches itself (1.6 % of a streamed turn's CPU when every stream's release did it).
    /// </summary>
    private static T OutsideTheRequest<T>(IAsyncEnumerator<TurnEvent> events, Func<IAsyncEnumerator<TurnEvent>, T> start)
    {
        var request = Activity.Current;
        Activity.Current = null;
        try
        {
            return start(events);
        }
        finally
        {
            Activity.Current = request;
        }
    }

    private static TimeSpan Shorter(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Where a reader stands: the turn it reads, the last numbered event it read, whether any words reached it.</summary>
    private sealed class ReadPosition(string turnId, int? lastSequence)
    {
        public string TurnId { get; private set; } = turnId;

        public int? LastSequence { get; private set; } = lastSequence;

        public bool WordsRead { get; private set; }

        public void Read(TurnEvent item)
        {
            switch (item)
            {
                case TurnJoined joined:
                    TurnId = joined.TurnId;
                    break;
                case TurnText { Sequence: var sequence }:
                    (LastSequence, WordsRead) = (sequence ?? LastSequence, true);
                    break;
                case TurnThought { Sequence: var sequence }:
                    (LastSequence, WordsRead) = (sequence ?? LastSequence, true);
                    break;
            }
        }
    }
}
