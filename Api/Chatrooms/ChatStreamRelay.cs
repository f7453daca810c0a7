using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// Carries a streamed answer from the chatroom grain to one HTTP response. The grain pushes text and thought
/// pieces to this observer with one-way calls, which Orleans may deliver out of order or after the turn's own
/// result; one sequence over both restores the order, and the final result (which holds the whole answer) fills in
/// any text still missing.
/// </summary>
internal sealed class ChatStreamRelay : IChatStreamObserver
{
    private readonly Channel<Piece> _deltas = Channel.CreateUnbounded<Piece>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SortedDictionary<int, Piece> _early = [];
    private readonly TaskCompletionSource _firstDelta = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly IGrainFactory _grains;
    private int _next;

    public ChatStreamRelay(IGrainFactory grains)
    {
        _grains = grains;
        Reference = grains.CreateObjectReference<IChatStreamObserver>(this);
    }

    public IChatStreamObserver Reference { get; }

    public Task FirstDelta => _firstDelta.Task;

    public Task OnDeltaAsync(int sequence, string text) => Receive(sequence, new Piece(text, Thought: false));

    public Task OnThoughtAsync(int sequence, string text) => Receive(sequence, new Piece(text, Thought: true));

    private Task Receive(int sequence, Piece piece)
    {
        lock (_gate)
        {
            _early[sequence] = piece;
            while (_early.Remove(_next, out var next))
            {
                _deltas.Writer.TryWrite(next);
                _next++;
            }
        }

        _firstDelta.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>
    /// <c>thought</c> and <c>delta</c> events while the turn runs, then <c>done</c> (or <c>error</c>). If the client goes away the enumeration
    /// stops, but the turn runs to its end and is stored: a vanished reader must not leave the chatroom stuck.
    /// </summary>
    public async IAsyncEnumerable<SseItem<object>> StreamAsync(Task<ChatTurnResult> turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            var sent = 0;
            while (!turn.IsCompleted)
            {
                await Task.WhenAny(_deltas.Reader.WaitToReadAsync(cancellationToken).AsTask(), turn);
                cancellationToken.ThrowIfCancellationRequested();
                while (_deltas.Reader.TryRead(out var piece))
                {
                    if (piece.Thought)
                    {
                        yield return new SseItem<object>(new ChatStreamDelta(piece.Text), "thought");
                        continue;
                    }

                    sent += piece.Text.Length;
                    yield return new SseItem<object>(new ChatStreamDelta(piece.Text), "delta");
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

            if (result is not { Status: ChatTurnStatus.Replied, Reply: { } reply, UserMessage: { } asked })
            {
                yield return new SseItem<object>(ChatTurnResponses.ProblemBody(result), "error");
                yield break;
            }

            // Deltas still in flight are superseded: the stored reply is the truth, so send the part the client lacks.
            if (sent < reply.Text.Length)
            {
                yield return new SseItem<object>(new ChatStreamDelta(reply.Text[sent..]), "delta");
            }

            yield return new SseItem<object>(
                new ChatStreamDone(MessageData.From(reply), MessageData.From(asked), UsageData.From(result.Usage),
                    result.Quota is { } quota ? QuotaData.From(quota) : null, result.Notice),
                "done");
        }
        finally
        {
            ReleaseWhenDone(turn);
        }
    }

    private readonly record struct Piece(string Text, bool Thought);

    /// <summary>Keeps this observer reachable until the grain is done with it, then unregisters it.</summary>
    public void ReleaseWhenDone(Task turn) =>
        turn.ContinueWith(
            _ => _grains.DeleteObjectReference<IChatStreamObserver>(Reference),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
