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

    private static readonly TimeSpan MaxRegistrationRetry = TimeSpan.FromMinutes(1);

    private RetentionSchedule _retention = null!;

    /// <summary>The registration running beside the chatroom's requests, re-armed after a failure; null when none is due.</summary>
    private IGrainTimer? _retentionRegistration;

    /// <summary>The turn of its own that records a registration made beside the requests.</summary>
    private IGrainTimer? _retentionRecord;

    /// <summary>The last registration made beside the requests: a removal waits for it, so it reaches the table after it.</summary>
    private Task _registering = Task.CompletedTask;

    /// <summary>The removal of a deleted chatroom's reminder, beside its requests.</summary>
    private IGrainTimer? _retentionRemoval;

    public Task ScheduleRetentionAsync() => ScheduleRetentionAsync(force: false);

    /// <summary>
    /// On creation (a shared copy's too) and activation: the reminder is registered beside the chatroom's requests (an
    /// interleaving timer), so none of them waits on the reminder service. Until a silo's reminder service has loaded
    /// its table (just after the silo starts, longer when PostgreSQL is slow or away) Orleans holds each registration
    /// 20 s and then fails it: a creation used to wait those 20 s. A failure is tried again within a check period (at
    /// most a minute) while the chatroom stays active, and on its next activation: a chatroom in use may never be
    /// deactivated, and must still expire once it falls idle.
    /// </summary>
    private void ScheduleRetentionBesideRequests()
    {
        if (_retentionRegistration is null && _history.Current is { } view && NeedsRetentionReminder(view, force: false))
        {
            _retentionRegistration = this.RegisterGrainTimer(
                RegisterRetentionBesideRequestsAsync,
                new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }

    /// <summary>
    /// Runs interleaved with the chatroom's requests, so it changes no state: the registration's record is written in
    /// a turn of its own (<see cref="RecordRegistrationInOwnTurnAsync"/>), never in the middle of a
    /// request's change and commit.
    /// </summary>
    private async Task RegisterRetentionBesideRequestsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var registering = RegisterRetentionReminderAsync(force: false);
            _registering = registering;
            var registered = await registering;
            if (cancellationToken.IsCancellationRequested)
            {
                // Deleted meanwhile (its removal follows), or the activation is going away: its next one finds the
                // registration unrecorded and makes it again.
                return;
            }

            if (registered)
            {
                _retentionRecord ??= this.RegisterGrainTimer(
                    RecordRegistrationInOwnTurnAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
            }

            _retentionRegistration?.Dispose();
            _retentionRegistration = null;
        }
        catch (Exception e)
        {
            LogScheduleFailed(e, Id);
            var retryIn = _retention.CheckPeriod < MaxRegistrationRetry ? _retention.CheckPeriod : MaxRegistrationRetry;
            _retentionRegistration?.Change(retryIn, Timeout.InfiniteTimeSpan);
        }
    }

    private Task RecordRegistrationInOwnTurnAsync(CancellationToken cancellationToken)
    {
        _retentionRecord?.Dispose();
        _retentionRecord = null;
        return RecordRetentionScheduledAsync();
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

    /// <summary>Registers the reminder and records it, in the chatroom's own turn (a reminder's tick, an operator's call).</summary>
    private async Task ScheduleRetentionAsync(bool force)
    {
        if (await RegisterRetentionReminderAsync(force))
        {
            await RecordRetentionScheduledAsync();
        }
    }

    /// <summary>Registers the reminder, once per chatroom (or again, <paramref name="force"/>, to move its next wake-up).</summary>
    private async Task<bool> RegisterRetentionReminderAsync(bool force)
    {
        if (_history.Current is not { } view || !NeedsRetentionReminder(view, force))
        {
            return false;
        }

        var due = _retention.NextCheck(Id, view.UpdatedAt, clock.GetUtcNow(), view.Temporary);
        await this.RegisterOrUpdateReminder(RetentionReminder, due, _retention.CheckPeriodOf(view.Temporary));
        return true;
    }

    private bool NeedsRetentionReminder(ChatroomView view, bool force) =>
        _retention.AppliesTo(view.Temporary) && (force || !view.RetentionScheduled);

    private async Task RecordRetentionScheduledAsync()
    {
        if (_history.Current is null)
        {
            // Deleted while its reminder was being registered beside the deletion: the reminder goes too.
            RemoveRetentionBesideRequests();
        }
        else if (!_history.Current.RetentionScheduled)
        {
            _history.Live.RetentionScheduled = true;
            await _history.CommitAsync();
        }
    }

    /// <summary>
    /// After a deletion: the reminder is removed beside the chatroom's requests, as it was registered (a deleted
    /// chatroom answers every request in the meantime as not found), and the activation goes once it is. A removal
    /// that fails leaves the reminder, which wakes the chatroom once more and removes itself then.
    /// </summary>
    private void UnscheduleRetentionThenDeactivate(ChatroomView deleted)
    {
        if (deleted.RetentionScheduled || _retentionRegistration is not null)
        {
            RemoveRetentionBesideRequests();
        }
        else
        {
            DeactivateOnIdle();
        }
    }

    private void RemoveRetentionBesideRequests()
    {
        // No retry after this; a registration under way ends first, so that the removal reaches the table after it.
        _retentionRegistration?.Dispose();
        _retentionRegistration = null;
        _retentionRemoval ??= this.RegisterGrainTimer(
            async _ =>
            {
                await _registering.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
                await UnscheduleRetentionAsync(null);
                DeactivateOnIdle();
            },
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true });
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
