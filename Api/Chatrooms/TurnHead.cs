using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// The beginning of a turn's events, read before the response starts: up to its first words or its end, which
/// decide the status code and headers. Then it reads on as the rest of the events, the ones already read first.
/// </summary>
internal sealed class TurnHead : IAsyncEnumerator<TurnEvent>
{
    private readonly IAsyncEnumerator<TurnEvent> _events;
    private readonly Queue<TurnEvent> _read = new();

    private TurnHead(IAsyncEnumerator<TurnEvent> events) => _events = events;

    /// <summary>The turn the events are of, when the send joined another (its key named a turn in flight or stored).</summary>
    public string? Joined { get; private set; }

    /// <summary>The outcome, when the turn ended before any words.</summary>
    public ChatTurnResult? Ended { get; private set; }

    public TurnEvent Current { get; private set; } = TurnStillRunning.Instance;

    public static async Task<TurnHead> ReadAsync(IAsyncEnumerable<TurnEvent> events)
    {
        var head = new TurnHead(events.GetAsyncEnumerator());
        try
        {
            while (await head._events.MoveNextAsync())
            {
                var item = head._events.Current;
                head._read.Enqueue(item);
                switch (item)
                {
                    case TurnJoined joined:
                        head.Joined = joined.TurnId;
                        continue;
                    case TurnEnded ended:
                        head.Ended = ended.Result;
                        return head;
                    case TurnText or TurnThought:
                        return head;
                }
            }

            return head;
        }
        catch
        {
            await head.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<bool> MoveNextAsync()
    {
        if (_read.TryDequeue(out var item))
        {
            Current = item;
            return true;
        }

        if (Ended is not null || !await _events.MoveNextAsync())
        {
            return false;
        }

        Current = _events.Current;
        return true;
    }

    public ValueTask DisposeAsync() => _events.DisposeAsync();
}
