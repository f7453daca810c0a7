using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>Receives a streamed answer. Deliveries are one-way and may arrive out of order; sequence numbers restore it.</summary>
[Alias("GeminiClone.Chatrooms.IChatStreamObserver")]
public interface IChatStreamObserver : IGrainObserver
{
    [Alias("OnDelta"), OneWay]
    Task OnDeltaAsync(int sequence, string text);

    /// <summary>A piece of the model's thought summary; shares the sequence of <see cref="OnDeltaAsync"/>.</summary>
    [Alias("OnThought"), OneWay]
    Task OnThoughtAsync(int sequence, string text);

    /// <summary>
    /// The turn is over, after <paramref name="events"/> deltas and thoughts: sent to readers that attached to a
    /// running turn (the sender learns it from its call's result). May overtake the last deltas; the result's stored
    /// message fills in what they would have carried.
    /// </summary>
    [Alias("OnTurnEnded"), OneWay]
    Task OnTurnEndedAsync(int events, ChatTurnResult result);
}
