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
}
