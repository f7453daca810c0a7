using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// A turn from the moment it is sent until it ends: its id, the answer so far, the switch that stops it, and its
/// outcome. It holds one copy of the answer however many read it: every reader (<see cref="ReadAsync"/>) cuts its
/// events from that text as it goes, so no reader can make the grain buffer more, and one that comes late (or comes
/// back after event n) is caught up from the text itself. Lives in the chatroom grain; everything it does runs on
/// the grain's scheduler, so it needs no locks.
/// </summary>
internal sealed class LiveTurn(ChatTurnRequest request, DateTimeOffset startedAt)
{
    /// <summary>How long a reader waits in silence before it is told the turn is still alive.</summary>
    public static readonly TimeSpan StillRunningEvery = TimeSpan.FromSeconds(3);

    private readonly StringBuilder _text = new();
    private readonly StringBuilder _thoughts = new();
    /// <summary>How long text and thoughts were after each event: two numbers per event, not a copy of it.</summary>
    private readonly List<(int TextEnd, int ThoughtsEnd)> _marks = [];
    /// <summary>The events that are not text (code, its result, grounding), by their sequence; few, so kept whole.</summary>
    private readonly Dictionary<int, TurnEvent> _others = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<ChatTurnResult> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _answerBegun = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

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

    /// <summary>The sender reads the answer as it is written; a plain send asks Gemini for the whole answer at once.</summary>
    public bool Streams => request.Streamed;

    /// <summary>When (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) the first piece of the answer arrived; null before.</summary>
    public long? FirstPieceAt { get; private set; }

    /// <summary>How long the turn waited for Gemini's whole answers (a plain turn's); null while it has had none.</summary>
    public TimeSpan? ModelTime { get; private set; }

    /// <summary>Adds one answer's wait (the adapter's <see cref="Gemini.GeminiChatProperties.UpstreamTime"/>).</summary>
    public void WaitedForModel(TimeSpan waited) => ModelTime = (ModelTime ?? TimeSpan.Zero) + waited;

    /// <summary>A stream's wait for Gemini until its first event (the first update's <see cref="Gemini.GeminiChatProperties.UpstreamTime"/>).</summary>
    public TimeSpan? ModelTimeToFirstEvent { get; set; }

    /// <summary>The stored answer's usage record, sent beside its charge; null: recorded by the outcome once it ends.</summary>
    public Task? UsageRecorded { get; set; }

    /// <summary>Words went out: another model must not start over in the same stream.</summary>
    public bool Started => _marks.Count > 0;

    /// <summary>Completes with the answer's first visible words (a streamed turn; a plain one publishes none).</summary>
    public Task AnswerBegun => _answerBegun.Task;

    /// <summary>The answer's visible text so far.</summary>
    public string AnswerSoFar => _text.ToString();

    /// <summary>The turn's outcome, once it has one (faulted when the turn broke off and its sender should try again).</summary>
    public Task<ChatTurnResult> Ended => _ended.Task;

    public void Stop() => _stop.Cancel();

    /// <summary>Keeps a piece of the answer and wakes its readers.</summary>
    public void Publish(AIContent content)
    {
        if (content is CodeInterpreterToolCallContent or CodeInterpreterToolResultContent)
        {
            PublishOther(sequence => CodeSteps.ToEvent(CodeSteps.Of(content), sequence));
            return;
        }

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

        FirstPieceAt ??= System.Diagnostics.Stopwatch.GetTimestamp();
        (thought ? _thoughts : _text).Append(text);
        _marks.Add((_text.Length, _thoughts.Length));
        Wake();
        if (!thought)
        {
            _answerBegun.TrySetResult();
        }
    }

    /// <summary>Tells the readers where the answer comes from (its grounding so far, the pages fetched).</summary>
    public void PublishSources(MessageGrounding? grounding, UrlRetrieval[]? urls)
    {
        if (grounding is not null || urls is not null)
        {
            PublishOther(sequence => new TurnGrounding(sequence, grounding, urls));
        }
    }

    /// <summary>Tells the readers the chatroom's new title, while they still read (an ended turn's readers are gone).</summary>
    public void PublishTitle(string title)
    {
        if (!_ended.Task.IsCompleted)
        {
            PublishOther(sequence => new TurnTitle(sequence, title));
        }
    }

    /// <summary>Tells the readers an image the model made is stored.</summary>
    public void PublishImage(MessageImage image) => PublishOther(sequence => new TurnImage(sequence, image));

    private void PublishOther(Func<int, TurnEvent> at)
    {
        _others[_marks.Count] = at(_marks.Count);
        _marks.Add((_text.Length, _thoughts.Length));
        Wake();
    }

    public TurnProgress Progress() => new(TurnId, request.Kind, Question, _text.ToString(), _thoughts.Length > 0 ? _thoughts.ToString() : null, startedAt);

    /// <summary>Settles the outcome and wakes every reader for it.</summary>
    public void End(ChatTurnResult result)
    {
        _ended.TrySetResult(result.TurnId is null ? result with { TurnId = TurnId } : result);
        Wake();
    }

    /// <summary>The turn broke off without an outcome (a grain it needed was lost): readers get the failure.</summary>
    public void BreakOff(Exception exception)
    {
        _ended.TrySetException(exception);
        Wake();
    }

    /// <summary>
    /// What a reader standing after event <paramref name="afterSequence"/> (null: none) has not read yet, without
    /// waiting (none: nothing new since). A reader that arrives (<paramref name="catchUp"/>) gets what it missed as at
    /// most one thought and one text piece, unless that holds code or grounding; one that keeps up gets each piece.
    /// Once the turn has ended, what of the stored answer the reader still lacks and <see cref="TurnEnded"/> close it;
    /// a turn that broke off throws its failure, to the reader: it is for its sender to try again.
    /// </summary>
    public List<TurnEvent> Read(int? afterSequence, bool catchUp)
    {
        var events = new List<TurnEvent>();
        var next = afterSequence is { } last && last >= 0 ? Math.Min(last + 1, _marks.Count) : 0;
        var (textSeen, thoughtsSeen) = next > 0 ? _marks[next - 1] : (0, 0);
        if (catchUp && next < _marks.Count && !_others.Keys.Any(sequence => sequence >= next))
        {
            var (textEnd, thoughtsEnd) = _marks[^1];
            if (thoughtsSeen < thoughtsEnd)
            {
                events.Add(new TurnThought(_marks.Count - 1, _thoughts.ToString(thoughtsSeen, thoughtsEnd - thoughtsSeen)));
            }

            if (textSeen < textEnd)
            {
                events.Add(new TurnText(_marks.Count - 1, _text.ToString(textSeen, textEnd - textSeen)));
            }

            (next, textSeen) = (_marks.Count, textEnd);
        }

        for (; next < _marks.Count; next++)
        {
            events.Add(PieceAt(next));
            textSeen = _marks[next].TextEnd;
        }

        if (_ended.Task.IsCompleted)
        {
            if (_ended.Task.Exception is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure.InnerException ?? failure);
            }

            events.AddRange(Closing(_ended.Task.Result, afterSequence, textSeen));
        }

        return events;
    }

    /// <summary>
    /// The turn's events for one reader that has seen those up to <paramref name="afterSequence"/> (null: none), as
    /// one stream: <see cref="Read"/> again after every change, <see cref="TurnStillRunning"/> after every few silent
    /// seconds, until <see cref="TurnEnded"/>.
    /// </summary>
    public async IAsyncEnumerable<TurnEvent> ReadAsync(int? afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var place = afterSequence;
        for (var catchUp = true; ; catchUp = false)
        {
            var events = Read(place, catchUp);
            foreach (var item in events)
            {
                yield return item;
                place = TurnEvent.SequenceOf(item) ?? place;
            }

            if (events is [.., TurnEnded])
            {
                yield break;
            }

            if (events.Count == 0 && !await WaitForChangeAsync(cancellationToken))
            {
                yield return TurnStillRunning.Instance;
            }
        }
    }

    /// <summary>
    /// How a reader's stream closes: what of the stored answer the reader lacks (a turn not streamed from Gemini, or
    /// stored text that differs from the pieces: the stored answer is the truth), when where the reader stands is
    /// known, and the outcome. A replay (the key named a stored turn) streamed nothing: its sender reads it as an
    /// ended turn is read.
    /// </summary>
    private IEnumerable<TurnEvent> Closing(ChatTurnResult result, int? afterSequence, int textSeen)
    {
        var readerStandsKnown = afterSequence is null || afterSequence < _marks.Count;
        return !result.Replayed && readerStandsKnown && result.Reply is { } reply && textSeen < reply.Text.Length
            ? [new TurnText(null, reply.Text[textSeen..]), new TurnEnded(result)]
            : [new TurnEnded(result)];
    }

    /// <summary>
    /// For a reader of the previous release's gateways: what it missed after <paramref name="afterSequence"/>, as at
    /// most one thought and one text piece, and the sequence its live events start at.
    /// </summary>
    public TurnAttachment CatchUp(int? afterSequence)
    {
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

    private TurnEvent PieceAt(int sequence)
    {
        if (_others.TryGetValue(sequence, out var other))
        {
            return other;
        }

        var (textStart, thoughtsStart) = sequence > 0 ? _marks[sequence - 1] : (0, 0);
        var (textEnd, thoughtsEnd) = _marks[sequence];
        return textEnd > textStart
            ? new TurnText(sequence, _text.ToString(textStart, textEnd - textStart))
            : new TurnThought(sequence, _thoughts.ToString(thoughtsStart, thoughtsEnd - thoughtsStart));
    }

    /// <summary>Until the turn ends (or breaks off) or <paramref name="pause"/> passes, whichever is first; never throws.</summary>
    public async Task EndOrPauseAsync(TimeSpan pause) =>
        // Not a thrown TimeoutException per pause: this runs once per answer of a reader that gathers pieces.
        await ((Task)_ended.Task.WaitAsync(pause)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

    /// <summary>True when something happened, false after <see cref="StillRunningEvery"/> of silence.</summary>
    public async Task<bool> WaitForChangeAsync(CancellationToken cancellationToken)
    {
        try
        {
            // WaitAsync drops its timer as soon as something happens: a streaming turn costs no timer per piece.
            await _changed.Task.WaitAsync(StillRunningEvery, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void Wake()
    {
        (var woken, _changed) = (_changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        woken.TrySetResult();
    }
}
