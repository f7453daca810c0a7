using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Interfaces.Users.Preferences;

namespace GeminiClone.Grains.Chatrooms.Turns;

internal sealed partial class TurnRunner
{
    /// <summary>
    /// Plans the turn with the owner's instructions and Gem as they are now (TurnSettings says why), as kept from an
    /// earlier turn or read now, then holds its quota slot (checking its sender with it). The slot says whether
    /// preferences kept from an earlier turn are still current; if not, they are read again and the turn planned again.
    /// </summary>
    private async Task<(HeldTurn? Held, ChatTurnResult? Refusal)> PlanAndHoldSlotAsync(
        ChatroomView view, ChatTurnRequest request, LiveTurn turn, TurnCaller caller, IUserGrain owner, IUserPreferencesGrain preferences)
    {
        var gemId = view.Gem?.Id;
        var kept = _preferences.For(gemId);
        var (planned, refusal) = await PlanAsync(view, request, kept ?? await _preferences.ReadAsync(preferences, gemId));
        if (planned is null)
        {
            return (null, refusal);
        }

        turn.Question = planned.Plan.Asked.Text;
        var slot = await caller.ReserveSlotAsync(owner);
        if (TurnCaller.RefusalOf(slot.Caller) is { } mayNotSend)
        {
            return (null, mayNotSend);
        }

        if (!slot.Granted)
        {
            return (null, new ChatTurnResult(ChatTurnStatus.QuotaExceeded, Quota: slot.Quota, Detail: QuotaExceededMessage));
        }

        if (kept is null || _preferences.IsCurrent(kept, slot))
        {
            return (new HeldTurn(planned, slot), null);
        }

        // The owner changed them since they were kept: planned again with what they are now.
        (planned, refusal) = await PlanAsync(view, request, await _preferences.ReadAsync(preferences, gemId, slot));
        if (planned is null)
        {
            await owner.ReleaseMessageSlotAsync(slot.ReservationId);
            return (null, refusal);
        }

        turn.Question = planned.Plan.Asked.Text;
        return (new HeldTurn(planned, slot), null);
    }

    /// <summary>The turn planned with the owner's preferences <paramref name="read"/>, or why it may not run.</summary>
    private async Task<(PlannedTurn? Planned, ChatTurnResult? Refusal)> PlanAsync(ChatroomView view, ChatTurnRequest request, TurnPreferences read)
    {
        var settings = TurnSettings.For(view, read);
        var model = models.Find(settings.Settings.Model) ?? models.Default;
        var (plan, refusal) = await TurnPlan.ForAsync(history, view, request, clock.GetUtcNow(), model.Reads, maxAttachments);
        if (plan is null)
        {
            return (null, refusal);
        }

        return request.Image is not null && !model.MakesImages
            ? (null, new ChatTurnResult(ChatTurnStatus.ImagesUnsupported,
                Detail: $"{model.Id} does not make images; GET /models says which models do (makesImages)."))
            : (new PlannedTurn(settings, model, plan), null);
    }

    /// <summary>What a turn runs with: its settings, the model they choose, and what it asks and stores.</summary>
    private sealed record PlannedTurn(TurnSettings Settings, GeminiModelOptions Model, TurnPlan Plan);

    /// <summary>A planned turn and the quota slot it holds.</summary>
    private sealed record HeldTurn(PlannedTurn Planned, SlotReservation Slot);
}
