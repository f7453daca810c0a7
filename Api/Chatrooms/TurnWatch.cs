using GeminiClone.Api.Problems;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// Waits for a chat turn, and notices when it was lost. A turn may rightly take a minute (Gemini thinking), so no
/// deadline can bound it; but a call whose silo or gateway died gets no answer at all, and Orleans only gives up at
/// the turn's 100 s response timeout. So a send that runs longer than <see cref="CheckEvery"/> is checked on: the
/// chatroom is asked (an interleaving read that travels through whichever gateways are alive, and reaches a new
/// activation if the old one died) whether it is still working on this request. Idle on two checks in a row means
/// the call was lost, and the client gets a 503 at once instead of waiting out the timeout.
/// </summary>
/// <remarks>
/// The request's <see cref="RequestDeadline"/> bounds only how long the watch goes without an answer from the
/// cluster: every answered check renews it (a turn still running, or waiting in line, is work, not an outage), and
/// once checks have gone unanswered until it passes, the wait ends with a <see cref="TimeoutException"/> (503, or an
/// <c>error</c> event once a stream has started). So a healthy turn runs as long as Gemini takes, and a turn whose
/// last silo died is answered within the budget of the cluster's last word about it.
/// </remarks>
public static class TurnWatch
{
    internal static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Between an idle or unknown answer and the next check: room for a response already on its way, and soon enough
    /// that a lost turn is noticed about a second after the cluster has moved its chatroom.
    /// </summary>
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(1);

    /// <summary>A check is one in-memory read; one that takes longer went down a dead connection and is no answer.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    /// <param name="deadline">The request's: how long the watch may go without an answer from the cluster.</param>
    /// <param name="failover">
    /// When given, a send the cluster lost is asked again while <see cref="ClusterOutages"/> deems the spell a
    /// failover (and <paramref name="mayRepeat"/> allows), within the deadline.
    /// </param>
    /// <param name="mayRepeat">
    /// For a stream: true while none of its words has reached the client, after which a second run would send
    /// different words again, and the client is told instead (it can resume or retry with its key).
    /// </param>
    /// <param name="requestAborted">
    /// The client went away: stop waiting (and checking). The turn itself runs on and is stored; a client that
    /// disconnects never stops generation.
    /// </param>
    public static Task<ChatTurnResult> SendAsync(
        IChatroomGrain chatroom, string userId, ChatTurnRequest request, IChatStreamObserver? observer, RequestDeadline deadline,
        ClusterOutages? failover = null, Func<bool>? mayRepeat = null, CancellationToken requestAborted = default) =>
        // The turn carries an idempotency key, which the chatroom stores with the turn: if a lost attempt did store
        // it, the next one gets that answer back; if not, it runs then. Never twice, never charged twice.
        request.IdempotencyKey is not null && failover is not null
            ? failover.RepeatDuringFailoverAsync(
                () => WatchAsync(chatroom, userId, request, observer, deadline, requestAborted), deadline, requestAborted, mayRepeat,
                attemptWatchesDeadline: true)
            : WatchAsync(chatroom, userId, request, observer, deadline, requestAborted);

    private static async Task<ChatTurnResult> WatchAsync(
        IChatroomGrain chatroom, string userId, ChatTurnRequest request, IChatStreamObserver? observer, RequestDeadline deadline,
        CancellationToken requestAborted)
    {
        var turn = chatroom.SendMessageAsync(userId, request, observer);
        TurnActivity? last = TurnActivity.Running;
        while (true)
        {
            try
            {
                // WaitAsync drops its timer as soon as the turn completes: nearly every turn costs no timer at all.
                var wait = last is TurnActivity.Running or TurnActivity.Busy ? CheckEvery : Soon;
                return await turn.WaitAsync(Shorter(wait, deadline.Remaining), requestAborted);
            }
            catch (TimeoutException) when (turn.Exception?.InnerException is not TimeoutException)
            {
                // The wait timed out (not the turn itself): unless the turn finished meanwhile, time to check on it.
                if (turn.IsCompleted)
                {
                    return await turn;
                }
            }

            TurnActivity? activity;
            try
            {
                activity = await chatroom.GetTurnActivityAsync(request.RequestId)
                    .WaitAsync(Shorter(CheckTimeout, deadline.Remaining), requestAborted);
                // The cluster answered about this turn: however long it has run, it is not an outage.
                deadline.Renew();
            }
            catch (Exception e) when (ClusterOutages.IsClusterUnreachable(e))
            {
                // The chatroom cannot be asked yet (its silo is dying): no answer; ask again soon, within the deadline.
                activity = null;
            }

            if (turn.IsCompleted)
            {
                return await turn;
            }

            if (activity is null && deadline.HasPassed)
            {
                throw RequestDeadline.Spent();
            }

            if (activity == TurnActivity.Idle && last == TurnActivity.Idle)
            {
                throw new SiloUnavailableException("The chat turn was lost with the silo or gateway that carried it.");
            }

            last = activity;
        }
    }

    private static TimeSpan Shorter(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
