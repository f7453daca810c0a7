using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Feedback;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// The owner's ratings of answers: kept on the message (in the recent window, or in the sealed page that holds it),
/// and counted for the operators per model and UTC day (<see cref="IFeedbackStatsGrain"/>).
/// </summary>
public sealed partial class ChatroomGrain
{
    public async Task<FeedbackResult> SetFeedbackAsync(string requesterId, int sequence, MessageFeedback? feedback)
    {
        await _history.RefreshIfStaleAsync();
        if (OwnedBy(requesterId) is not { } view)
        {
            return new FeedbackResult(FeedbackStatus.ChatroomNotFound);
        }

        if (!view.Tree.Exists(sequence))
        {
            return new FeedbackResult(FeedbackStatus.MessageNotFound);
        }

        var message = (await _history.ReadAsync(view, sequence, sequence + 1))[0];
        if (message.Role != MessageRole.AI)
        {
            return new FeedbackResult(FeedbackStatus.NotAnAnswer);
        }

        var before = message.Feedback;
        // A rating that stays what it was (only its comment changes) keeps its time, and so the day it is counted on.
        var given = feedback is null ? null : feedback with { At = SameRating(before, feedback) ? before!.At : clock.GetUtcNow() };
        var rated = message with { Feedback = given };
        if (!await StoreRatedAsync(view, sequence, rated))
        {
            return new FeedbackResult(FeedbackStatus.MessageNotFound);
        }

        await CountFeedbackAsync(message.Model, before, given);
        return new FeedbackResult(FeedbackStatus.Saved, rated);
    }

    /// <summary>Writes the rated message where it is kept: the chatroom's own record, or its sealed page.</summary>
    private async Task<bool> StoreRatedAsync(ChatroomView view, int sequence, StoredMessage rated)
    {
        if (sequence >= view.RecentStart)
        {
            _history.Live.Recent[sequence - view.RecentStart] = rated;
            await _history.CommitAsync();
            return true;
        }

        return await _history.ReplaceSealedAsync(sequence, rated);
    }

    /// <summary>
    /// Takes the rating that was back from the day it was counted on and counts the new one on its day; a rating and
    /// reason that did not change count nothing. The message is stored first: a count that fails is logged, never
    /// the user's problem.
    /// </summary>
    private async Task CountFeedbackAsync(string? model, MessageFeedback? before, MessageFeedback? after)
    {
        if (SameRating(before, after))
        {
            return;
        }

        model ??= FeedbackDays.UnknownModel;
        var adjustments = new List<(DateOnly Day, FeedbackAdjustment Adjustment)>();
        if (before is not null)
        {
            adjustments.Add((FeedbackDays.Of(before.At), new FeedbackAdjustment(model, before.Rating, before.Reason, -1)));
        }

        if (after is not null)
        {
            adjustments.Add((FeedbackDays.Of(after.At), new FeedbackAdjustment(model, after.Rating, after.Reason, +1)));
        }

        try
        {
            await Task.WhenAll(adjustments.GroupBy(a => a.Day).Select(day => GrainFactory
                .GetGrain<IFeedbackStatsGrain>(FeedbackDays.Key(day.Key)).AdjustAsync([.. day.Select(a => a.Adjustment)])));
        }
        catch (Exception e)
        {
            LogFeedbackNotCounted(e, Id);
        }
    }

    private static bool SameRating(MessageFeedback? a, MessageFeedback? b) =>
        (a is null && b is null) || (a is not null && b is not null && a.Rating == b.Rating && a.Reason == b.Reason);

    [LoggerMessage(LogLevel.Warning, "Chatroom {ChatroomId}: a rating was stored but the operators' feedback counts missed it")]
    private partial void LogFeedbackNotCounted(Exception exception, string chatroomId);
}
