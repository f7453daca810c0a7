using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// The turn calls of the previous release's gateways, which run a turn in their own call and are pushed its text
/// through an observer: kept so a rolling upgrade serves them, built on the same turns and events (remove after
/// 2027-03-01, with <see cref="LegacyTurnCalls"/>).
/// </summary>
public sealed partial class ChatroomGrain
{
    public Task<ChatTurnResult> SendMessageAsync(string requesterId, string text, IChatStreamObserver? observer) =>
        SendMessageAsync(requesterId, new ChatTurnRequest(text), observer);

    public Task<ChatTurnResult> SendMessageAsync(string requesterId, ChatTurnRequest request, IChatStreamObserver? observer)
    {
        request = request with { Streamed = observer is not null };
        if (observer is not null)
        {
            // The sender learns the outcome from this call's result; the observer gets the pieces.
            _ = PushAsync(_inFlight.Add(request).ReadAsync(afterSequence: null), observer, toSender: true);
        }

        return RunTurnAsync(requesterId, request);
    }

    public Task<TurnActivity> GetTurnActivityAsync(Guid requestId) => Task.FromResult(
        _inFlight.FindByRequest(requestId) is not { } turn ? (_inFlight.Running is null ? TurnActivity.Idle : TurnActivity.Busy)
        : ReferenceEquals(turn, _inFlight.Running) ? TurnActivity.Running : TurnActivity.Busy);

    public Task<TurnAttachment> AttachToTurnAsync(string requesterId, string turnId, int? afterSequence, IChatStreamObserver observer)
    {
        if (OwnedBy(requesterId) is not { } view)
        {
            return Task.FromResult(new TurnAttachment(TurnAttachStatus.NotFound));
        }

        if (_inFlight.Find(turnId) is { } live)
        {
            var attachment = live.CatchUp(afterSequence);
            _ = PushAsync(live.ReadAsync(attachment.NextSequence - 1), observer, toSender: false);
            return Task.FromResult(attachment);
        }

        return Task.FromResult(FindEnded(view, turnId) is { } result
            ? new TurnAttachment(TurnAttachStatus.Ended, Result: result)
            : new TurnAttachment(TurnAttachStatus.NotFound));
    }

    public Task<string?> FindRunningTurnAsync(string requesterId, ChatTurnRequest request) => Task.FromResult(
        OwnedBy(requesterId) is not null ? _inFlight.FindRetried(request)?.TurnId : null);

    /// <summary>Pushes a turn's numbered pieces one-way, as the previous release did, and its end to a follower.</summary>
    private static async Task PushAsync(IAsyncEnumerable<TurnEvent> events, IChatStreamObserver observer, bool toSender)
    {
        var pieces = 0;
        try
        {
            await foreach (var item in events)
            {
                switch (item)
                {
                    case TurnText { Sequence: { } sequence } text:
                        pieces = sequence + 1;
                        _ = observer.OnDeltaAsync(sequence, text.Text);
                        break;
                    case TurnThought { Sequence: { } sequence } thought:
                        pieces = sequence + 1;
                        _ = observer.OnThoughtAsync(sequence, thought.Text);
                        break;
                    case TurnEnded ended when !toSender:
                        _ = observer.OnTurnEndedAsync(pieces, ended.Result);
                        break;
                }
            }
        }
        catch (Exception)
        {
            // The turn broke off: its sender learns it from its call, a follower from asking again.
        }
    }
}
