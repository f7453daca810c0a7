using BenchmarkDotNet.Attributes;
using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>
/// What durable turns add to a turn inside the chatroom grain: the live turn (its text so far, two integers per
/// piece), its end, the events one reader cuts from it, and the outcome kept for late readers. Orleans' messaging
/// (the stream's calls) is not in these figures.
/// </summary>
[ShortRunJob, MemoryDiagnoser]
public class TurnBookkeepingBenchmarks
{
    private static readonly ChatTurnRequest Request = new("How long is the coast of Goa?") { IdempotencyKey = "gateway:x", Streamed = true };
    private static readonly ChatTurnResult Result = new(ChatTurnStatus.Replied) { TurnId = Request.TurnId };
    private readonly AIContent[] _pieces = [.. Enumerable.Range(0, 20).Select(i => new TextContent($"piece {i} of a streamed answer "))];

    /// <summary>A plain turn: the live turn is made and ended, its outcome remembered.</summary>
    [Benchmark(Baseline = true)]
    public object PlainTurn()
    {
        var turn = new LiveTurn(Request, DateTimeOffset.UnixEpoch);
        new EndedTurns().Add(Result);
        turn.End(Result);
        return turn;
    }

    /// <summary>A streamed turn of 20 pieces, ended, and read by its sender: every event it is given.</summary>
    [Benchmark]
    public async Task<int> StreamedTurnOfTwentyPiecesReadByItsSender()
    {
        var turn = new LiveTurn(Request, DateTimeOffset.UnixEpoch);
        foreach (var piece in _pieces)
        {
            turn.Publish(piece);
        }

        turn.End(Result);
        var events = 0;
        await foreach (var _ in turn.ReadAsync(afterSequence: -1))
        {
            events++;
        }

        return events;
    }

    /// <summary>A reader resuming half-way: what it missed is cut from the text.</summary>
    [Benchmark]
    public async Task<int> ResumeHalfWay()
    {
        var turn = new LiveTurn(Request, DateTimeOffset.UnixEpoch);
        for (var i = 0; i < 10; i++)
        {
            turn.Publish(_pieces[i]);
        }

        turn.End(Result);
        var events = 0;
        await foreach (var _ in turn.ReadAsync(afterSequence: 4))
        {
            events++;
        }

        return events;
    }
}
