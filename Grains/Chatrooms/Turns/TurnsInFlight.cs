using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// The turns a chatroom was sent and has not yet ended: at most one running (sends run one at a time), the others
/// waiting their turn. A turn is here from the moment it is sent, so it can be read, found by a retry and stopped
/// while it waits as well as while it runs.
/// </summary>
internal sealed class TurnsInFlight(TimeProvider clock)
{
    private readonly List<LiveTurn> _turns = [];
    private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _call;

    public LiveTurn? Running { get; private set; }

    /// <summary>
    /// A turn's call is in progress: from its start until the call returns, which is after the turn has ended (its
    /// usage is recorded in between). The grain takes the next send waiting in its mailbox only then.
    /// </summary>
    public bool InCall => _call is not null;

    /// <summary>A turn that was sent and waits to run.</summary>
    public LiveTurn Add(ChatTurnRequest request)
    {
        var turn = new LiveTurn(request, clock.GetUtcNow());
        _turns.Add(turn);
        return turn;
    }

    /// <summary>The turn <paramref name="request"/> sent starts running (one sent without waiting in line is added first).</summary>
    public LiveTurn Start(ChatTurnRequest request)
    {
        var turn = Find(request.TurnId) ?? Add(request);
        Running = turn;
        _call = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = _started;
        _started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        started.TrySetResult();
        return turn;
    }

    /// <summary>The running turn's call returned: see <see cref="InCall"/>.</summary>
    public void CallReturned()
    {
        var call = _call;
        _call = null;
        call?.TrySetResult();
    }

    /// <summary>Until the call in progress returns (at once without one), or <paramref name="atMost"/> passes.</summary>
    public Task CallReturnedAsync(TimeSpan atMost) =>
        _call is { } call ? WaitAtMostAsync(call.Task, atMost, CancellationToken.None) : Task.CompletedTask;

    /// <summary>Until the next turn starts running, or <paramref name="atMost"/> passes.</summary>
    public Task NextStartAsync(TimeSpan atMost, CancellationToken cancellationToken) =>
        WaitAtMostAsync(_started.Task, atMost, cancellationToken);

    /// <summary>Until <paramref name="task"/> completes or <paramref name="atMost"/> passes, whichever is first.</summary>
    private static async Task WaitAtMostAsync(Task task, TimeSpan atMost, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(atMost, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    public void Remove(LiveTurn turn)
    {
        _turns.Remove(turn);
        if (ReferenceEquals(Running, turn))
        {
            Running = null;
        }
    }

    public LiveTurn? Find(string turnId) => _turns.Find(t => t.TurnId == turnId);

    public LiveTurn? FindByRequest(Guid requestId) => _turns.Find(t => t.RequestId == requestId);

    /// <summary>The turn a client's retry names: same idempotency key, same content.</summary>
    public LiveTurn? FindRetried(ChatTurnRequest retry) => _turns.Find(t => t.IsRetriedBy(retry));
}
