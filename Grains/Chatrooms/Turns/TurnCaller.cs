using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// The sender of one turn, whose access token the gateway left to the turn to check
/// (<see cref="IChatroomGrain.RunTurnAsync(string, ChatTurnRequest, CallerCredential?)"/>):
/// a turn that reaches its quota slot has it checked in that same call, so the hottest route costs one grain call
/// less; a turn that ends before it (a replay, a refusal, a chatroom not found) has it checked on its own before
/// its outcome is told, so a revoked token learns nothing a valid one would.
/// </summary>
internal sealed class TurnCaller(CallerCredential? credential)
{
    private bool _checked = credential is null;

    /// <summary>Checks the sender with the slot and holds one; <see cref="SlotReservation.Caller"/> says whether it may send.</summary>
    public async Task<SlotReservation> ReserveSlotAsync(IUserGrain owner)
    {
        var slot = await owner.ReserveTurnSlotAsync(credential);
        _checked = true;
        return slot;
    }

    /// <summary>The turn's outcome, or its refusal when the sender, not checked on the way, may not send.</summary>
    public async Task<ChatTurnResult> RefuseUncheckedAsync(ChatTurnResult outcome, IGrainFactory grains, string senderId)
    {
        if (_checked)
        {
            return outcome;
        }

        _checked = true;
        return await RefusalAsync(grains, senderId) ?? outcome;
    }

    /// <summary>Checks the sender now: null when it may send.</summary>
    public async Task<ChatTurnResult?> RefusalAsync(IGrainFactory grains, string senderId) => credential is null
        ? null
        : RefusalOf((await grains.GetGrain<IUserGrain>(senderId).CheckTokenAsync(credential.TokenVersion, credential.SessionId)).Status);

    /// <summary>What a sender who may not send is told; null for one who may.</summary>
    public static ChatTurnResult? RefusalOf(CallerStatus status) => status switch
    {
        CallerStatus.Revoked => new ChatTurnResult(ChatTurnStatus.SessionRevoked, Detail: CallerRefusals.Revoked),
        CallerStatus.Suspended => new ChatTurnResult(ChatTurnStatus.AccountSuspended, Detail: CallerRefusals.Suspended),
        _ => null,
    };
}
