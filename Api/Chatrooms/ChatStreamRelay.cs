using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// Carries a turn's events from the chatroom grain to one HTTP response, for the client that sent the turn or for
/// one that attached to it later. The grain pushes text and thought pieces to this observer with one-way calls,
/// which Orleans may deliver out of order or after the turn's own result; the sequence over both restores the
/// order, and the final result (which holds the whole answer) fills in any text still missing.
/// Every live event carries the SSE id <c>&lt;turnId&gt;:&lt;sequence&gt;</c>, which a client sends back as
/// <c>Last-Event-ID</c> to resume; the closing events carry none, so that id stays the last one seen.
/// </summary>
internal sealed class ChatStreamRelay : IChatStreamObserver
{
    private readonly Channel<Piece> _pieces = Channel.CreateUnbounded<Piece>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SortedDictionary<int, Piece> _early = [];
    private readonly TaskCompletionSource _firstPiece = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ChatTurnResult> _endedByGrain = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly IGrainFactory _grains;
    private int _next;

    public ChatStreamRelay(IGrainFactory grains)
    {
        _grains = grains;
        Reference = grains.CreateObjectReference<IChatStreamObserver>(this);
    }

    public IChatStreamObserver Reference { get; }

    public Task FirstPiece => _firstPiece.Task;

    /// <summary>For a reader that attached to a running turn: its outcome, when the grain says it ended.</summary>
    public Task<ChatTurnResult> EndedByGrain => _endedByGrain.Task;

    public Task OnDeltaAsync(int sequence, string text) => Receive(sequence, new Piece(sequence, text, Thought: false));

    public Task OnThoughtAsync(int sequence, string text) => Receive(sequence, new Piece(sequence, text, Thought: true));

    public Task OnTurnEndedAsync(int events, ChatTurnResult result)
    {
        _endedByGrain.TrySetResult(result);
        return Task.CompletedTask;
    }

    /// <summary>An attached reader's catch-up ended before <paramref name="sequence"/>: live events start there.</summary>
    public void StartAt(int sequence)
    {
        lock (_gate)
        {
            _next = sequence;
            foreach (var stale in _early.Keys.Where(k => k < sequence).ToList())
            {
                _early.Remove(stale);
            }

            Flush();
        }
    }

    private Task Receive(int sequence, Piece piece)
    {
        lock (_gate)
        {
            if (sequence >= _next)
            {
                _early[sequence] = piece;
                Flush();
            }
        }

        _firstPiece.TrySetResult();
        return Task.CompletedTask;
    }

    private void Flush()
    {
        while (_early.Remove(_next, out var next))
        {
            _pieces.Writer.TryWrite(next);
            _next++;
        }
    }

    /// <summary>
    /// The catch-up (for an attached reader), <c>thought</c> and <c>delta</c> events while the turn runs, then
    /// <c>done</c> (also for a stopped turn) or <c>error</c>. If the client goes away the enumeration stops, but the
    /// turn runs to its end and is stored: a vanished reader never stops generation.
    /// </summary>
    public async IAsyncEnumerable<SseItem<object>> StreamAsync(
        string turnId, Task<ChatTurnResult> turn, TurnAttachment? catchUp, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            var sent = catchUp?.TextSeen ?? 0;
            if (catchUp is { NextSequence: > 0 } seen)
            {
                var id = EventId(turnId, seen.NextSequence - 1);
                if (seen.CatchUpThoughts is { } thoughts)
                {
                    yield return new SseItem<object>(new ChatStreamDelta(thoughts), "thought") { EventId = id };
                }

                if (seen.CatchUpText is { } text)
                {
                    yield return new SseItem<object>(new ChatStreamDelta(text), "delta") { EventId = id };
                }
            }

            while (!turn.IsCompleted)
            {
                await Task.WhenAny(_pieces.Reader.WaitToReadAsync(cancellationToken).AsTask(), turn);
                cancellationToken.ThrowIfCancellationRequested();
                while (_pieces.Reader.TryRead(out var piece))
                {
                    sent += piece.Thought ? 0 : piece.Text.Length;
                    yield return new SseItem<object>(new ChatStreamDelta(piece.Text), piece.Thought ? "thought" : "delta")
                    {
                        EventId = EventId(turnId, piece.Sequence),
                    };
                }
            }

            ChatTurnResult result;
            try
            {
                result = await turn;
            }
            catch (Exception)
            {
                result = new ChatTurnResult(ChatTurnStatus.StorageUnavailable, Detail: "The service is temporarily unavailable; try again shortly.");
            }

            if (result.Status == ChatTurnStatus.Stopped)
            {
                yield return new SseItem<object>(ChatStreamDone.Of(result), "done");
                yield break;
            }

            if (result is not { Status: ChatTurnStatus.Replied, Reply: { } reply })
            {
                yield return new SseItem<object>(ChatTurnResponses.ProblemBody(result), "error");
                yield break;
            }

            // Pieces still in flight are superseded: the stored reply is the truth, so send the part the client lacks.
            if (sent < reply.Text.Length)
            {
                yield return new SseItem<object>(new ChatStreamDelta(reply.Text[sent..]), "delta");
            }

            yield return new SseItem<object>(ChatStreamDone.Of(result), "done");
        }
        finally
        {
            ReleaseWhenDone(turn);
        }
    }

    public static string EventId(string turnId, int sequence) => $"{turnId}:{sequence}";

    private readonly record struct Piece(int Sequence, string Text, bool Thought);

    /// <summary>Keeps this observer reachable until the grain is done with it, then unregisters it.</summary>
    public void ReleaseWhenDone(Task turn) =>
        turn.ContinueWith(
            _ => _grains.DeleteObjectReference<IChatStreamObserver>(Reference),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
