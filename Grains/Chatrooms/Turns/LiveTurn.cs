using System.Text;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// A turn while it runs: its id, the answer so far, who is reading it, and the switch that stops it. It holds one
/// copy of the answer however many read it; each reader is pushed every event one-way as it is made, and a reader
/// that comes late (or comes back) is caught up from the text itself, so no reader can make the grain buffer more.
/// Lives in the chatroom grain for the length of one turn; everything it does runs on the grain's scheduler.
/// </summary>
internal sealed class LiveTurn(ChatTurnRequest request, DateTimeOffset startedAt, IChatStreamObserver? sender)
{
    /// <summary>Readers beyond this many push out the oldest (a client that reconnects in a loop only crowds itself).</summary>
    public const int MaxReaders = 32;

    private readonly StringBuilder _text = new();
    private readonly StringBuilder _thoughts = new();
    /// <summary>How long text and thoughts were after each event: two numbers per event, not a copy of it.</summary>
    private readonly List<(int TextEnd, int ThoughtsEnd)> _marks = [];
    private readonly List<IChatStreamObserver> _readers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<ChatTurnResult> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string TurnId { get; } = request.TurnId;

    public Guid RequestId => request.RequestId;

    /// <summary>Whether <paramref name="retry"/> is the same request again: same idempotency key, same content.</summary>
    public bool IsRetriedBy(ChatTurnRequest retry) =>
        retry.IdempotencyKey is { } key && key == request.IdempotencyKey && TurnReceipt.FingerprintOf(retry) == TurnReceipt.FingerprintOf(request);

    /// <summary>The question being answered; the runner sets it once it knows (a regenerate asks the stored one).</summary>
    public string Question { get; set; } = request.Text;

    /// <summary>Cancelled when a user stops the turn; the Gemini call listens to it.</summary>
    public CancellationToken StopRequested => _stop.Token;

    public bool Stopping => _stop.IsCancellationRequested;

    /// <summary>The sender reads the answer as it streams; a plain send asks Gemini for the whole answer at once.</summary>
    public bool Streams => sender is not null;

    /// <summary>Words went out: another model must not start over in the same stream.</summary>
    public bool Started => _marks.Count > 0;

    /// <summary>The turn's outcome, once it has one.</summary>
    public Task<ChatTurnResult> Ended => _ended.Task;

    public void Stop() => _stop.Cancel();

    /// <summary>Keeps a piece of the answer and pushes it to the sender and every reader.</summary>
    public void Publish(AIContent content)
    {
        var (thought, text) = content switch
        {
            TextReasoningContent { Text.Length: > 0 } reasoning => (true, reasoning.Text),
            TextContent { Text.Length: > 0 } plain => (false, plain.Text),
            _ => (false, ""),
        };
        if (text.Length == 0)
        {
            return;
        }

        (thought ? _thoughts : _text).Append(text);
        var sequence = _marks.Count;
        _marks.Add((_text.Length, _thoughts.Length));
        // One-way: a slow or vanished reader never holds up the turn.
        if (sender is not null)
        {
            _ = Push(sender, sequence, text, thought);
        }

        foreach (var reader in _readers)
        {
            _ = Push(reader, sequence, text, thought);
        }
    }

    /// <summary>Adds a reader that has seen events up to <paramref name="afterSequence"/> (null: none) and answers what it missed.</summary>
    public TurnAttachment Attach(IChatStreamObserver reader, int? afterSequence)
    {
        // A reader checking on a turn it already follows attaches again: it is still one reader.
        if (!_readers.Contains(reader))
        {
            if (_readers.Count >= MaxReaders)
            {
                _readers.RemoveAt(0);
            }

            _readers.Add(reader);
        }

        var (textSeen, thoughtsSeen) = afterSequence is { } last && last >= 0 && _marks.Count > 0
            ? _marks[Math.Min(last, _marks.Count - 1)]
            : (0, 0);
        return new TurnAttachment(
            TurnAttachStatus.Live,
            CatchUpThoughts: thoughtsSeen < _thoughts.Length ? _thoughts.ToString(thoughtsSeen, _thoughts.Length - thoughtsSeen) : null,
            CatchUpText: textSeen < _text.Length ? _text.ToString(textSeen, _text.Length - textSeen) : null,
            NextSequence: _marks.Count,
            TextSeen: _text.Length);
    }

    public TurnProgress Progress() => new(
        TurnId, request.Kind, Question, _text.ToString(), _thoughts.Length > 0 ? _thoughts.ToString() : null, startedAt);

    /// <summary>Settles the outcome and tells every reader; the sender learns it from its call's result.</summary>
    public void End(ChatTurnResult result)
    {
        _ended.TrySetResult(result);
        foreach (var reader in _readers)
        {
            _ = reader.OnTurnEndedAsync(_marks.Count, result);
        }

        _readers.Clear();
    }

    private static Task Push(IChatStreamObserver observer, int sequence, string text, bool thought) =>
        thought ? observer.OnThoughtAsync(sequence, text) : observer.OnDeltaAsync(sequence, text);
}
