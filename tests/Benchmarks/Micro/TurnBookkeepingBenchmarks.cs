using BenchmarkDotNet.Attributes;
using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>
/// What durable turns add to a turn inside the chatroom grain: the live turn (its text so far, two integers per piece,
/// the pushes to readers), its end, and the outcome kept for late readers. The pushes themselves are measured against
/// a reader that does nothing, so the figure is our bookkeeping, not Orleans' messaging.
/// </summary>
[ShortRunJob, MemoryDiagnoser]
public class TurnBookkeepingBenchmarks
{
    private static readonly ChatTurnRequest Request = new("How long is the coast of Goa?") { IdempotencyKey = "gateway:x" };
    private static readonly ChatTurnResult Result = new(ChatTurnStatus.Replied) { TurnId = Request.TurnId };
    private readonly AIContent[] _pieces = [.. Enumerable.Range(0, 20).Select(i => new TextContent($"piece {i} of a streamed answer "))];
    private readonly NullReader _reader = new();

    /// <summary>A plain turn: the live turn is made and ended, its outcome remembered.</summary>
    [Benchmark]
    public object PlainTurn()
    {
        var turn = new LiveTurn(Request, DateTimeOffset.UnixEpoch, sender: null);
        new EndedTurns().Add(Result);
        turn.End(Result);
        return turn;
    }

    /// <summary>A streamed turn of 20 pieces to its sender, ended.</summary>
    [Benchmark]
    public object StreamedTurnOfTwentyPieces()
    {
        var turn = new LiveTurn(Request, DateTimeOffset.UnixEpoch, _reader);
        foreach (var piece in _pieces)
        {
            turn.Publish(piece);
        }

        turn.End(Result);
        return turn;
    }

    /// <summary>The pushes alone, as the release before durable turns made them: the baseline for the line above.</summary>
    [Benchmark(Baseline = true)]
    public int TwentyPushesWithoutBookkeeping()
    {
        var sequence = 0;
        foreach (var piece in _pieces)
        {
            _ = _reader.OnDeltaAsync(sequence++, ((TextContent)piece).Text);
        }

        return sequence;
    }

    /// <summary>A reader attaching half-way: its catch-up is cut from the text.</summary>
    [Benchmark]
    public TurnAttachment AttachHalfWay()
    {
        var turn = new LiveTurn(Request, DateTimeOffset.UnixEpoch, sender: null);
        for (var i = 0; i < 10; i++)
        {
            turn.Publish(_pieces[i]);
        }

        return turn.Attach(_reader, afterSequence: 4);
    }

    private sealed class NullReader : IChatStreamObserver
    {
        public Task OnDeltaAsync(int sequence, string text) => Task.CompletedTask;

        public Task OnThoughtAsync(int sequence, string text) => Task.CompletedTask;

        public Task OnTurnEndedAsync(int events, ChatTurnResult result) => Task.CompletedTask;
    }
}
