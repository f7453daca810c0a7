using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>A running or ended turn as readers see it: followed (from any gateway), found by a retry, stopped.</summary>
public sealed partial class ChatroomGrain
{
    public Task<TurnAttachment> AttachToTurnAsync(string requesterId, string turnId, int? afterSequence, IChatStreamObserver observer)
    {
        if (OwnedBy(requesterId) is not { } view)
        {
            return Task.FromResult(new TurnAttachment(TurnAttachStatus.NotFound));
        }

        if (_live is { } live && live.TurnId == turnId)
        {
            return Task.FromResult(live.Attach(observer, afterSequence));
        }

        return Task.FromResult(FindEnded(view, turnId) is { } result
            ? new TurnAttachment(TurnAttachStatus.Ended, Result: result)
            : new TurnAttachment(TurnAttachStatus.NotFound));
    }

    public Task<string?> FindRunningTurnAsync(string requesterId, ChatTurnRequest request) => Task.FromResult(
        OwnedBy(requesterId) is not null && _live is { } live && live.IsRetriedBy(request) ? live.TurnId : null);

    public async Task<TurnStopResult> StopTurnAsync(string requesterId, string? turnId)
    {
        if (OwnedBy(requesterId) is not { } view)
        {
            return new TurnStopResult(TurnStopStatus.NotFound);
        }

        if (_live is { } live && (turnId is null || live.TurnId == turnId))
        {
            live.Stop();
            // Gemini may have finished before the stop reached it (the turn was storing its answer): then it ended.
            var ended = await live.Ended;
            var stopped = ended.Status == ChatTurnStatus.Stopped || ended.Reply?.Stopped == true;
            return new TurnStopResult(stopped ? TurnStopStatus.Stopped : TurnStopStatus.AlreadyEnded, live.TurnId, ended);
        }

        if (turnId is null)
        {
            return new TurnStopResult(TurnStopStatus.NothingRunning);
        }

        return FindEnded(view, turnId) is { } result
            ? new TurnStopResult(TurnStopStatus.AlreadyEnded, turnId, result)
            : new TurnStopResult(TurnStopStatus.NotFound);
    }

    private ChatTurnResult? FindEnded(ChatroomView view, string turnId) => _ended.Find(turnId) ?? EndedTurns.FindStored(view, turnId);
}
