using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>A turn's images: the checks before Gemini is asked, keeping what the model drew, and settling the day's count.</summary>
internal sealed partial class TurnRunner
{
    /// <summary>
    /// The checks that need the user's plan, after the slot is held (a refusal gives it back): the message's own
    /// tools, the plan's monthly spending cap, and for a model that draws, one image of today's allowance.
    /// </summary>
    private async Task<ChatTurnResult?> RefusedBeforeAskingAsync(
        ChatTurnRequest request, Gemini.GeminiModelOptions model, TurnDrawing drawing, IUserGrain owner, SlotReservation slot)
    {
        ChatTurnResult? refusal = null;
        if (request.Tools is { } tools && models.CheckTools(tools, model, slot.Tier) is { } refused)
        {
            // The message's own tools must all be usable; the chatroom's are used as far as the plan allows.
            refusal = new ChatTurnResult(
                refused.Refusal == Gemini.GeminiModelCatalog.ToolRefusal.NotOnPlan ? ChatTurnStatus.ToolNotOnPlan : ChatTurnStatus.ToolUnsupported,
                Detail: refused.Detail);
        }
        else if (await caps.RefusalAsync(grains, owner.GetPrimaryKeyString(), slot.Tier) is { } capped)
        {
            refusal = capped;
        }
        else if (await drawing.ReserveAsync() is { Granted: false } images)
        {
            refusal = new ChatTurnResult(ChatTurnStatus.ImageQuotaExceeded,
                Detail: $"Today's {images.Limit} images are used up; more from {images.ResetsAt:u}.")
            {
                RetryAfter = images.ResetsAt - clock.GetUtcNow(),
                Images = images,
            };
        }

        return refusal is null ? null : refusal with { Quota = await owner.ReleaseMessageSlotAsync(slot.ReservationId) };
    }

    /// <summary>
    /// Stores the images the model made as the chatroom's attachments (in the turn's own write), tells the turn's
    /// readers of each, and lists them on the answer; an image that could not be kept is left out of the parts too.
    /// </summary>
    private async Task<(GeminiReply Reply, IReadOnlyList<Attachment> Kept)> KeepImagesAsync(GeminiReply reply, LiveTurn turn)
    {
        if (reply.Images.Count == 0)
        {
            return (reply, []);
        }

        var stored = await images.StoreAsync(chatroomId, turn.TurnId, reply.Images);
        history.Live.Attachments = [.. history.Live.Attachments ?? [], .. stored.Select(s => s.Attachment)];
        foreach (var (_, image, _) in stored)
        {
            turn.PublishImage(image);
        }

        var position = stored.Select((s, at) => (s.Index, at)).ToDictionary(p => p.Index, p => p.at);
        var parts = reply.Message.Parts?
            .Where(p => p.Image is not { } index || position.ContainsKey(index))
            .Select(p => p.Image is { } index ? p with { Image = position[index] } : p)
            .ToArray();
        var message = reply.Message with { Images = stored.Count > 0 ? [.. stored.Select(s => s.Image)] : null, Parts = parts };
        return (reply with { Message = message }, [.. stored.Select(s => s.Attachment)]);
    }

    /// <summary>
    /// Stores the turn (<see cref="StoreAsync"/>) and settles the images it drew: counted when the turn is stored,
    /// given back (and their bytes dropped) when it is not, also when the store throws for the gateway to retry; a
    /// write of unknown fate keeps them and counts none (at worst a free image, as it is at worst a free turn).
    /// </summary>
    private async Task<ChatTurnResult?> StoreDrawnAsync(
        ChatTurnRequest request, TurnPlan plan, StoredMessage answered, string turnId, IUserGrain owner, SlotReservation slot,
        TurnDrawing drawing, IReadOnlyList<Attachment> kept)
    {
        ChatTurnResult? notStored;
        try
        {
            notStored = await StoreAsync(request, plan, answered, turnId, owner, slot);
        }
        catch
        {
            await images.ForgetAsync(kept);
            await drawing.SettleAsync(made: 0);
            throw;
        }

        // A write of unknown fate may have landed: its images stay (at worst unreferenced bytes, gone with the chatroom).
        if (notStored is { Status: not ChatTurnStatus.OutcomeUnknown })
        {
            await images.ForgetAsync(kept);
        }

        await drawing.SettleAsync(made: notStored is null ? kept.Count : 0);
        return notStored;
    }
}
