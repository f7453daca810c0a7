using GeminiClone.Api.Problems;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime.Messaging;

namespace GeminiClone.Api.Tests.Problems;

public sealed class RequestDeadlineTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(9);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    private readonly FakeTimeProvider _clock = new();
    private readonly ClusterOutages _outages;
    private readonly DateTimeOffset _arrived;

    public RequestDeadlineTests()
    {
        _outages = new ClusterOutages(_clock, NullLogger<ClusterOutages>.Instance);
        _arrived = _clock.GetUtcNow();
    }

    [Fact]
    public async Task A_read_that_fails_during_a_failover_is_asked_again_and_its_answer_returned()
    {
        var deadline = new RequestDeadline(_clock, Budget);
        var attempts = 0;

        var answer = await RunAsync(_outages.RepeatDuringFailoverAsync(
            () => ++attempts < 3 ? throw new SiloUnavailableException("moving") : Task.FromResult(42), deadline, default));

        Assert.Equal(42, answer);
        Assert.Equal(3, attempts);
        Assert.True(_clock.GetUtcNow() - _arrived < Budget);
    }

    [Fact]
    public async Task A_read_that_never_answers_is_asked_again_until_the_deadline_then_abandoned_as_cluster_unreachable()
    {
        var deadline = new RequestDeadline(_clock, Budget);
        var attempts = 0;

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => RunAsync(_outages.RepeatDuringFailoverAsync(
            () => { attempts++; return new TaskCompletionSource<int>().Task; }, deadline, default)));

        Assert.True(ClusterOutages.IsClusterUnreachable(failure));
        Assert.Equal(3, attempts);
        Assert.InRange(_clock.GetUtcNow() - _arrived, Budget, Budget + Step);
    }

    [Fact]
    public async Task A_read_stuck_on_a_dead_connection_is_asked_again_long_before_the_deadline()
    {
        var deadline = new RequestDeadline(_clock, Budget);
        var attempts = 0;

        var answer = await RunAsync(_outages.RepeatDuringFailoverAsync(
            () => ++attempts == 1 ? new TaskCompletionSource<int>().Task : Task.FromResult(42), deadline, default));

        Assert.Equal(42, answer);
        Assert.Equal(2, attempts);
        Assert.InRange(_clock.GetUtcNow() - _arrived, ClusterOutages.AttemptTimeout, ClusterOutages.AttemptTimeout + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Retries_of_a_failing_read_share_the_deadline_no_attempt_starts_past_it_and_no_pause_runs_into_it()
    {
        var deadline = new RequestDeadline(_clock, Budget);
        var startedAt = new List<TimeSpan>();

        await Assert.ThrowsAsync<ConnectionFailedException>(() => RunAsync(_outages.RepeatDuringFailoverAsync<int>(
            () =>
            {
                startedAt.Add(_clock.GetUtcNow() - _arrived);
                throw new ConnectionFailedException("no gateway");
            },
            deadline, default)));

        Assert.True(startedAt.Count > 5, $"Only {startedAt.Count} attempts");
        Assert.All(startedAt, t => Assert.True(t < Budget, $"An attempt started at {t}"));
        // The last pause would have reached the deadline, so the 503 is answered at once instead of then.
        Assert.True(_clock.GetUtcNow() - _arrived < Budget, $"Answered only at {_clock.GetUtcNow() - _arrived}");
    }

    [Fact]
    public async Task A_deadline_spent_before_the_call_starts_it_not_at_all()
    {
        var deadline = new RequestDeadline(_clock, Budget);
        _clock.Advance(Budget);
        var attempts = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => _outages.RepeatDuringFailoverAsync(() => Task.FromResult(++attempts), deadline, default));

        Assert.Equal(0, attempts);
    }

    [Fact]
    public void Renewing_gives_the_whole_budget_again_from_now()
    {
        var deadline = new RequestDeadline(_clock, Budget);
        _clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(2), deadline.Remaining);

        deadline.Renew();
        Assert.Equal(Budget, deadline.Remaining);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(deadline.HasPassed);
        Assert.Equal(TimeSpan.Zero, deadline.Remaining);
    }

    /// <summary>Moves the fake clock on in small steps until <paramref name="task"/> ends, as time would pass.</summary>
    private async Task<T> RunAsync<T>(Task<T> task)
    {
        for (var i = 0; !task.IsCompleted && i < 10_000; i++)
        {
            _clock.Advance(Step);
            await Task.Delay(1);
        }

        return await task;
    }
}
