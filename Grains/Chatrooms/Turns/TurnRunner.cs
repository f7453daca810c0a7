using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Storage;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Interfaces.Users.Preferences;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// Runs one turn of a chatroom: holds a quota slot while Gemini answers, stores question and answer together, and
/// charges the slot only for a stored answer. Anything that fails before the answer is stored releases the slot, so
/// a failed turn costs the user nothing.
/// </summary>
internal sealed partial class TurnRunner(
    string chatroomId, ChatHistory history, GeminiAsker gemini, Gemini.GeminiModelCatalog models, ModelImages images, int maxAttachments,
    Usage.SpendingCaps caps, Usage.TurnUsageRecorder usage, IGrainFactory grains, TimeProvider clock, ILogger logger)
{
    public const string QuotaExceededMessage = "Daily message limit reached. Upgrade to Pro for unlimited access.";

    /// <summary>
    /// The owner's grains every turn calls, made once per activation: a chatroom's owner never changes, and making
    /// a reference is not free (<see cref="Hosting.GrainReferences"/> says why).
    /// </summary>
    private readonly Hosting.KeptReference<string, (IUserGrain User, IUserPreferencesGrain Preferences, IUserUsageGrain Usage)> _owner =
        new(ownerId => (grains.GetGrain<IUserGrain>(ownerId), grains.GetGrain<IUserPreferencesGrain>(ownerId), grains.GetGrain<IUserUsageGrain>(ownerId)));

    /// <summary>
    /// The usage of a turn that stored no answer (or replayed one), once its outcome is known: a stored answer's record
    /// went out beside its charge (<see cref="LiveTurn.UsageRecorded"/>). Never throws.
    /// </summary>
    public Task RecordOutcomeAsync(string ownerId, string turnId, ChatTurnResult result, string? chatroomModel) =>
        usage.RecordAsync(_owner.For(ownerId).Usage, turnId, result, chatroomModel);

    /// <summary>The history's messages as Gemini's client takes them, kept between turns.</summary>
    private readonly HistoryMessages _historyMessages = new();

    /// <summary>The owner's preferences, kept between turns while the owner changes nothing.</summary>
    private readonly KeptPreferences _preferences = new(clock);

    /// <summary>
    /// Reserve a quota slot (checking the sender with it) → ask Gemini → store question and answer together → commit
    /// the slot and report.
    /// </summary>
    public async Task<ChatTurnResult> RunAsync(ChatroomView view, ChatTurnRequest request, LiveTurn turn, TurnCaller caller)
    {
        var (owner, preferences, ownerUsage) = _owner.For(view.OwnerId);
        // A key's first sending arrives before any re-send of it, so only re-sends can find a stored turn.
        if (request.IdempotencyKey is { } key && !request.FirstSendOfNewKey && view.FindReceipt(key, request.IdempotencyKeyFromClient, clock.GetUtcNow()) is { } earlier)
        {
            return await ReplayAsync(view, request, earlier, owner);
        }

        var (held, refusal) = await PlanAndHoldSlotAsync(view, request, turn, caller, owner, preferences);
        if (held is null)
        {
            return refusal!;
        }

        var ((settings, model, plan), slot) = held;
        var drawing = new TurnDrawing(model.MakesImages, owner, logger);
        if (await RefusedBeforeAskingAsync(request, model, drawing, owner, slot) is { } refused)
        {
            return refused;
        }

        var outcome = await AskAsync(view, settings, request, plan, turn, owner, slot, drawing);
        if (outcome.Reply is not { } reply)
        {
            await drawing.SettleAsync(made: 0);
            return await RefusedAsync(outcome.Failure!, owner, slot);
        }

        var (drawn, kept) = await KeepImagesAsync(reply, turn);
        var answered = AnswerOf(view, settings, plan, drawn, turn);
        MarkSent(plan.Asked, turn.TurnId, outcome.UploadedFiles);
        if (await StoreDrawnAsync(request, plan, answered, turn.TurnId, owner, slot, drawing, kept) is { } notStored)
        {
            return notStored;
        }

        turn.UsageRecorded = usage.RecordAnswerAsync(ownerUsage, turn.TurnId, answered);
        var quota = await ChargeAsync(owner, slot, answered);
        return await RepliedAsync(plan, answered, quota) with { Notice = reply.Notice, TurnId = turn.TurnId, Images = drawing.Allowance };
    }

    /// <summary>The stored turn as its client reads it: the answer where it stands in the tree, with its versions.</summary>
    private async Task<ChatTurnResult> RepliedAsync(TurnPlan plan, StoredMessage answered, QuotaSnapshot quota)
    {
        var placed = await BranchReading.TurnAsync(
            history, history.Current!, plan.AskedId, plan.AnswerId, plan.StoresQuestion ? (plan.Asked, answered) : null);
        return new ChatTurnResult(ChatTurnStatus.Replied, plan.Asked, placed.Reply, answered.Usage, quota)
        {
            UserPlace = placed.UserPlace,
            ReplyPlace = placed.ReplyPlace,
        };
    }

    /// <summary>Gemini's answer (or why there is none); the slot and the images held go back if asking throws.</summary>
    private async Task<GeminiOutcome> AskAsync(
        ChatroomView view, TurnSettings settings, ChatTurnRequest request, TurnPlan plan, LiveTurn turn, IUserGrain owner, SlotReservation slot,
        TurnDrawing drawing)
    {
        var chatroom = settings.Settings;
        try
        {
            return await gemini.AskAsync(plan.History, plan.Asked, chatroom, slot.Tier,
                request.IncludeThoughts ?? chatroom.IncludeThoughts, turn, view.Attachments, request.Tools ?? chatroom.Tools, request.Image,
                settings.UserInstructions, _historyMessages);
        }
        catch
        {
            await owner.ReleaseMessageSlotAsync(slot.ReservationId);
            await drawing.SettleAsync(made: 0);
            throw;
        }
    }

    /// <summary>Nothing was stored, so the turn costs nothing.</summary>
    private async Task<ChatTurnResult> RefusedAsync(GeminiFailure failure, IUserGrain owner, SlotReservation slot)
    {
        LogTurnFailed(failure.Cause, chatroomId, failure.Status);
        return new ChatTurnResult(failure.Status, Quota: await owner.ReleaseMessageSlotAsync(slot.ReservationId), Detail: failure.Detail)
        {
            BlockReason = failure.BlockReason,
            RetryAfter = failure.RetryAfter,
        };
    }

    /// <summary>
    /// The answer as stored. The chatroom's copy of its Gem, when the turn read a newer one, goes in the same write.
    /// </summary>
    private StoredMessage AnswerOf(ChatroomView view, TurnSettings settings, TurnPlan plan, GeminiReply reply, LiveTurn turn)
    {
        if (reply.RetiredModel is { } retired && view.Settings.Model == retired)
        {
            // The chatroom follows its model's replacement, in the same write as the turn (a Gem's model is the Gem's to change).
            history.Live.Settings = view.Settings with { Model = reply.Model, ThinkingLevel = null };
        }

        if (settings.NewerGem is { } gem)
        {
            history.Live.Gem = gem;
        }

        return reply.Message with { TurnId = turn.TurnId };
    }

    /// <summary>Stores question and answer together, with the receipt; on failure, the outcome the client is told (null: stored).</summary>
    private async Task<ChatTurnResult?> StoreAsync(
        ChatTurnRequest request, TurnPlan plan, StoredMessage answered, string turnId, IUserGrain owner, SlotReservation slot)
    {
        try
        {
            var receipt = request.IdempotencyKey is null ? null : TurnReceipt.For(request, plan.AskedId, answered.Timestamp, plan.AnswerId);
            await history.StoreTurnAsync(plan.StoresQuestion ? [plan.Asked, answered] : [answered], plan.ParentId, receipt);
            return null;
        }
        catch (Exception e) when (request.IdempotencyKey is not null && e is OrleansMessageRejectionException or SiloUnavailableException)
        {
            // A grain the write needed (a history page) was on a silo that just died. Nothing was stored, and the
            // receipt goes in the same write as the turn, so the gateway's retry under the same key runs it once.
            await owner.ReleaseMessageSlotAsync(slot.ReservationId);
            throw;
        }
        catch (StorageUnavailableException e) when (e.MayHaveLanded)
        {
            // Never "nothing was stored" for a write that may have landed. The slot goes back: at worst one free turn.
            LogTurnOutcomeUnknown(chatroomId, turnId);
            return new ChatTurnResult(ChatTurnStatus.OutcomeUnknown, Quota: await TryReleaseAsync(owner, slot),
                Detail: $"The database stopped answering while turn {turnId} was being saved, so whether it was stored is not known yet. " +
                    $"Check GET /chatroom/{chatroomId}/turns/{turnId}/events or the chatroom's messages shortly, or send again with the same Idempotency-Key, which answers the stored turn if there is one.")
            {
                TurnId = turnId,
            };
        }
        catch (Exception e)
        {
            if (e is not StorageUnavailableException)
            {
                // A store outage is logged once for the whole outage (StorageOutageLog), not once per turn.
                LogTurnFailed(e, chatroomId, ChatTurnStatus.StorageUnavailable);
            }

            return new ChatTurnResult(ChatTurnStatus.StorageUnavailable, Quota: await TryReleaseAsync(owner, slot),
                Detail: "The conversation could not be saved, so nothing was stored; try again.");
        }
    }

    /// <summary>A stopped answer with text is stored, and so charged like any other.</summary>
    private async Task<QuotaSnapshot> ChargeAsync(IUserGrain owner, SlotReservation slot, StoredMessage answered)
    {
        try
        {
            return await owner.CompleteMessageAsync(slot.ReservationId, history.Current!.ToSummary(), answered.Usage);
        }
        catch (Exception e)
        {
            // The turn is stored and acknowledged; the user's count will catch up when the held slot lapses.
            LogQuotaCommitFailed(e, chatroomId);
            return slot.Quota;
        }
    }

    /// <summary>
    /// Attachments a turn sends become part of the conversation, and those it uploaded to Gemini's Files API are
    /// remembered (until Gemini forgets them), in the same write as the turn.
    /// </summary>
    private void MarkSent(StoredMessage asked, string turnId, IReadOnlyDictionary<string, Gemini.GeminiFileRef>? uploaded)
    {
        if (history.Live.Attachments is not { } attachments || (asked.Attachments is not { Length: > 0 } && uploaded is null))
        {
            return;
        }

        var sent = asked.Attachments ?? [];
        history.Live.Attachments =
        [
            .. attachments.Select(a => a with
            {
                UsedInTurn = a.UsedInTurn ?? (sent.Any(s => s.Id == a.Id) ? turnId : null),
                GeminiFileUri = uploaded?.GetValueOrDefault(a.Id)?.Uri ?? a.GeminiFileUri,
                GeminiFileExpiresAt = uploaded?.GetValueOrDefault(a.Id)?.ExpiresAt ?? a.GeminiFileExpiresAt,
            }),
        ];
    }

    /// <summary>
    /// A request whose key names a stored turn: the same answer again, no Gemini call, no slot. (A retry that arrives
    /// while its turn still runs waits behind it, since sends do not interleave, and so lands here too.) A turn since
    /// regenerated is found among the answer's versions.
    /// </summary>
    private async Task<ChatTurnResult> ReplayAsync(ChatroomView view, ChatTurnRequest request, TurnReceipt receipt, IUserGrain owner)
    {
        if (receipt.Fingerprint != TurnReceipt.FingerprintOf(request))
        {
            return new ChatTurnResult(ChatTurnStatus.IdempotencyKeyReused,
                Detail: "This Idempotency-Key was already used for a different request in this chatroom; use a new key for a new message.");
        }

        var placed = await BranchReading.TurnAsync(history, view, receipt.FirstSequence, receipt.AnswerId);
        var (asked, answered) = (placed.Question, placed.Reply);
        if (receipt.TurnId is { } turnId && answered.TurnId != turnId
            && answered.Versions?.FirstOrDefault(v => v.TurnId == turnId) is { } version)
        {
            answered = version;
        }

        var quota = (await owner.GetSubscriptionStatusAsync()).Quota;
        return new ChatTurnResult(ChatTurnStatus.Replied, asked, answered, answered.Usage, quota)
        {
            Replayed = true,
            TurnId = answered.TurnId ?? receipt.TurnId,
            UserPlace = placed.UserPlace,
            ReplyPlace = placed.ReplyPlace,
        };
    }

    /// <summary>Giving the slot back needs the user's storage too, which may be away as well: then the held slot lapses.</summary>
    private static async Task<QuotaSnapshot> TryReleaseAsync(IUserGrain owner, SlotReservation slot)
    {
        try
        {
            return await owner.ReleaseMessageSlotAsync(slot.ReservationId);
        }
        catch (StorageUnavailableException)
        {
            return slot.Quota;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Turn {TurnId} in chatroom {ChatroomId}: the store stopped answering while it was written; its outcome is unknown")]
    private partial void LogTurnOutcomeUnknown(string chatroomId, string turnId);

    [LoggerMessage(LogLevel.Warning, "Turn in chatroom {ChatroomId} failed: {Status}")]
    private partial void LogTurnFailed(Exception? exception, string chatroomId, ChatTurnStatus status);

    [LoggerMessage(LogLevel.Error, "Turn in chatroom {ChatroomId} was stored but the owner's quota could not be updated")]
    private partial void LogQuotaCommitFailed(Exception exception, string chatroomId);
}
