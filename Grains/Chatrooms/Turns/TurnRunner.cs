using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// Runs one turn of a chatroom: holds a quota slot while Gemini answers, stores question and answer together, and
/// charges the slot only for a stored answer. Anything that fails before the answer is stored releases the slot, so
/// a failed turn costs the user nothing.
/// </summary>
internal sealed partial class TurnRunner(
    string chatroomId, ChatHistory history, GeminiAsker gemini, IGrainFactory grains, TimeProvider clock, ILogger logger)
{
    public const string QuotaExceededMessage = "Daily message limit reached. Upgrade to Pro for unlimited access.";

    /// <summary>Reserve a quota slot → ask Gemini → store question and answer together → commit the slot and report.</summary>
    public async Task<ChatTurnResult> RunAsync(ChatroomView view, ChatTurnRequest request, IChatStreamObserver? observer)
    {
        var owner = grains.GetGrain<IUserGrain>(view.OwnerId);
        if (request.IdempotencyKey is { } key && view.FindReceipt(key, clock.GetUtcNow()) is { } earlier)
        {
            return await ReplayAsync(view, request, earlier, owner);
        }

        var slot = await owner.ReserveMessageSlotAsync();
        if (!slot.Granted)
        {
            return new ChatTurnResult(ChatTurnStatus.QuotaExceeded, Quota: slot.Quota, Detail: QuotaExceededMessage);
        }

        var asked = new StoredMessage(MessageRole.User, request.Text, clock.GetUtcNow());
        GeminiOutcome outcome;
        try
        {
            outcome = await gemini.AskAsync(view.Recent, asked, view.Settings, slot.Tier,
                request.IncludeThoughts ?? view.Settings.IncludeThoughts, observer);
        }
        catch
        {
            await owner.ReleaseMessageSlotAsync(slot.ReservationId);
            throw;
        }

        if (outcome.Reply is not { } reply)
        {
            // Nothing was stored, so the turn costs nothing.
            var failure = outcome.Failure!;
            LogTurnFailed(failure.Cause, chatroomId, failure.Status);
            return new ChatTurnResult(failure.Status, Quota: await owner.ReleaseMessageSlotAsync(slot.ReservationId), Detail: failure.Detail)
            {
                BlockReason = failure.BlockReason,
                RetryAfter = failure.RetryAfter,
            };
        }

        if (reply.RetiredModel is not null)
        {
            // The chatroom follows its model's replacement, in the same write as the turn.
            history.Live.Settings = view.Settings with { Model = reply.Model, ThinkingLevel = null };
        }

        try
        {
            var receipt = request.IdempotencyKey is null ? null : TurnReceipt.For(request, view.MessageCount, reply.Message.Timestamp);
            await history.AppendTurnAsync(asked, reply.Message, receipt);
        }
        catch (Exception e) when (request.IdempotencyKey is not null && e is OrleansMessageRejectionException or SiloUnavailableException)
        {
            // A grain the write needed (a history page) was on a silo that just died. Nothing was stored, and the
            // receipt goes in the same write as the turn, so the gateway's retry under the same key runs it once.
            await owner.ReleaseMessageSlotAsync(slot.ReservationId);
            throw;
        }
        catch (Exception e)
        {
            LogTurnFailed(e, chatroomId, ChatTurnStatus.StorageUnavailable);
            return new ChatTurnResult(ChatTurnStatus.StorageUnavailable, Quota: await owner.ReleaseMessageSlotAsync(slot.ReservationId),
                Detail: "The conversation could not be saved, so nothing was stored; try again.");
        }

        QuotaSnapshot quota;
        try
        {
            quota = await owner.CompleteMessageAsync(slot.ReservationId, history.Current!.ToSummary(), reply.Message.Usage);
        }
        catch (Exception e)
        {
            // The turn is stored and acknowledged; the user's count will catch up when the held slot lapses.
            LogQuotaCommitFailed(e, chatroomId);
            quota = slot.Quota;
        }

        return new ChatTurnResult(ChatTurnStatus.Replied, asked, reply.Message, reply.Message.Usage, quota) { Notice = reply.Notice };
    }

    /// <summary>
    /// A request whose key names a stored turn: the same answer again, no Gemini call, no slot. (A retry that arrives
    /// while its turn still runs waits behind it, since sends do not interleave, and so lands here too.)
    /// </summary>
    private async Task<ChatTurnResult> ReplayAsync(ChatroomView view, ChatTurnRequest request, TurnReceipt receipt, IUserGrain owner)
    {
        if (receipt.Fingerprint != TurnReceipt.FingerprintOf(request))
        {
            return new ChatTurnResult(ChatTurnStatus.IdempotencyKeyReused,
                Detail: "This Idempotency-Key was already used for a different message in this chatroom; use a new key for a new message.");
        }

        var turn = await history.ReadAsync(view, receipt.FirstSequence, receipt.FirstSequence + 2);
        var quota = (await owner.GetSubscriptionStatusAsync()).Quota;
        return new ChatTurnResult(ChatTurnStatus.Replied, turn[0], turn[1], turn[1].Usage, quota) { Replayed = true };
    }

    [LoggerMessage(LogLevel.Warning, "Turn in chatroom {ChatroomId} failed: {Status}")]
    private partial void LogTurnFailed(Exception? exception, string chatroomId, ChatTurnStatus status);

    [LoggerMessage(LogLevel.Error, "Turn in chatroom {ChatroomId} was stored but the owner's quota could not be updated")]
    private partial void LogQuotaCommitFailed(Exception exception, string chatroomId);
}
