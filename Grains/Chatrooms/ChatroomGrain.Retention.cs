using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// Retention (<c>Chat:RetentionDays</c>): a chatroom without activity for that long is deleted as its owner's
/// delete would. Each chatroom keeps one durable reminder, which wakes it at its expiry or after a check period,
/// whichever is sooner, each chatroom at its own offset in a spread window (<see cref="RetentionSchedule"/>): a
/// turn never touches the reminder, so activity costs nothing, and a million chatrooms never wake at once. A
/// temporary chatroom expires through the same reminder after <c>Chat:TemporaryChatLifetime</c>, retention on or not.
/// </summary>
public sealed partial class ChatroomGrain : IRemindable
{
    private const string RetentionReminder = "retention";

    private RetentionSchedule _retention = null!;

    /// <summary>A registration that failed is tried again by this timer while the chatroom stays active.</summary>
    private IGrainTimer? _retentionRetry;

    public Task ScheduleRetentionAsync() => ScheduleRetentionAsync(force: false);

    /// <summary>
    /// On creation and activation: a failure (the reminder service still starting, its table away) must not fail
    /// them, and is tried again within a check period (at most a minute) while the chatroom stays active, and on its
    /// next activation: a chatroom in use may never be deactivated, and must still expire once it falls idle.
    /// </summary>
    private async Task TryScheduleRetentionAsync()
    {
        try
        {
            await ScheduleRetentionAsync(force: false);
        }
        catch (Exception e)
        {
            LogScheduleFailed(e, Id);
            var retryIn = _retention.CheckPeriod < TimeSpan.FromMinutes(1) ? _retention.CheckPeriod : TimeSpan.FromMinutes(1);
            _retentionRetry ??= this.RegisterGrainTimer(RetryScheduleRetentionAsync, retryIn, Timeout.InfiniteTimeSpan);
        }
    }

    private Task RetryScheduleRetentionAsync(CancellationToken cancellationToken)
    {
        _retentionRetry?.Dispose();
        _retentionRetry = null;
        return TryScheduleRetentionAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetentionReminder)
        {
            return;
        }

        var view = _history.Current;
        if (view is null || !_retention.AppliesTo(view.Temporary))
        {
            // The chatroom is gone, or retention was turned off: nothing left to wake for.
            await UnscheduleRetentionAsync(view);
            return;
        }

        var now = clock.GetUtcNow();
        if (_retention.IsExpired(view.UpdatedAt, now, view.Temporary))
        {
            LogExpired(Id, view.Temporary, view.UpdatedAt);
            await DeleteAsync(view, updateOwnersList: true);
            return;
        }

        await ScheduleRetentionAsync(force: true);
    }

    /// <summary>Registers the reminder, once per chatroom (or again, <paramref name="force"/>, to move its next wake-up).</summary>
    private async Task ScheduleRetentionAsync(bool force)
    {
        if (_history.Current is not { } view || !_retention.AppliesTo(view.Temporary) || (view.RetentionScheduled && !force))
        {
            return;
        }

        var due = _retention.NextCheck(Id, view.UpdatedAt, clock.GetUtcNow(), view.Temporary);
        await this.RegisterOrUpdateReminder(RetentionReminder, due, _retention.CheckPeriodOf(view.Temporary));
        if (!view.RetentionScheduled)
        {
            _history.Live.RetentionScheduled = true;
            await _history.CommitAsync();
        }
    }

    private async Task UnscheduleRetentionAsync(ChatroomView? view)
    {
        if (view is { RetentionScheduled: false })
        {
            return;
        }

        try
        {
            if (await this.GetReminder(RetentionReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            if (_history.Current is not null)
            {
                _history.Live.RetentionScheduled = false;
                await _history.CommitAsync();
            }
        }
        catch (Exception e)
        {
            // A reminder left behind wakes a chatroom that is gone, which unregisters it then.
            LogUnscheduleFailed(e, Id);
        }
    }

    [LoggerMessage(LogLevel.Information, "Chatroom {ChatroomId} (temporary: {Temporary}) expired (no activity since {LastActivity}) and was deleted")]
    private partial void LogExpired(string chatroomId, bool temporary, DateTimeOffset lastActivity);

    [LoggerMessage(LogLevel.Warning, "Chatroom {ChatroomId} could not schedule its retention reminder; it tries again when it next wakes")]
    private partial void LogScheduleFailed(Exception exception, string chatroomId);

    [LoggerMessage(LogLevel.Warning, "Chatroom {ChatroomId} could not remove its retention reminder")]
    private partial void LogUnscheduleFailed(Exception exception, string chatroomId);
}
