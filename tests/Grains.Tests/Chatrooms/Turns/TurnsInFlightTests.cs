using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Tests.Chatrooms.Turns;

/// <summary>
/// A turn's call outlives its turn: it records the usage after the turn ended, and only when it returns does the
/// grain take the next send waiting in its mailbox. A reader of a turn not known yet waits for that return, not for
/// the end (<c>TurnStreamTests</c>: a plain send waiting unseen behind another turn), or on a slow machine it gives up
/// on a send that is about to start.
/// </summary>
public sealed class TurnsInFlightTests
{
    [Fact]
    public async Task A_call_is_in_progress_from_its_start_until_it_returns_not_until_its_turn_ends()
    {
        var inFlight = new TurnsInFlight(TimeProvider.System);
        Assert.False(inFlight.InCall);
        var turn = inFlight.Start(new ChatTurnRequest("hello"));
        var returned = inFlight.CallReturnedAsync(TimeSpan.FromSeconds(30));

        inFlight.Remove(turn);

        Assert.True(inFlight.InCall);
        Assert.Null(inFlight.Running);
        Assert.False(returned.IsCompleted);

        inFlight.CallReturned();
        await returned.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(inFlight.InCall);
    }

    [Fact]
    public async Task Waiting_for_the_return_ends_at_once_without_a_call_and_at_the_limit_with_one_that_does_not_return()
    {
        var inFlight = new TurnsInFlight(TimeProvider.System);

        await inFlight.CallReturnedAsync(TimeSpan.FromMinutes(5)).WaitAsync(TimeSpan.FromSeconds(5));
        inFlight.Start(new ChatTurnRequest("hello"));
        await inFlight.CallReturnedAsync(TimeSpan.FromMilliseconds(50)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(inFlight.InCall);
    }
}
