using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Storage;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// Tells the owner's <see cref="IUserUsageGrain"/> what a turn used, once its result is known. It never fails the
/// turn: a record that cannot be made is logged and counted (<c>geminiclone.usage.record_failures</c>), and the
/// turn's answer goes out all the same.
/// </summary>
public sealed partial class TurnUsageRecorder(
    GeminiModelCatalog models, IOptions<UsageOptions> options, GeminiCloneMetrics metrics, StorageOutageLog storage, TimeProvider clock,
    ILogger<TurnUsageRecorder> logger)
{
    /// <summary>
    /// How long a plain send's answer may wait for its record: a write takes milliseconds, and a store that hangs
    /// must not hold the answer (the record may still land after; if not, the turn is missing from the figures).
    /// </summary>
    private static readonly TimeSpan RecordWait = TimeSpan.FromSeconds(5);

    /// <param name="owner">The owner's usage grain (a reference the chatroom keeps: a new one on every turn was 1.5 % of a turn's CPU).</param>
    /// <param name="chatroomModel">The chatroom's model setting, for a turn without an answer to say which model it was for.</param>
    public Task RecordAsync(IUserUsageGrain owner, string turnId, ChatTurnResult result, string? chatroomModel)
    {
        if (result.Replayed || result.Status is ChatTurnStatus.NotFound or ChatTurnStatus.TurnUnknown)
        {
            // A replay was counted when it ran; a turn of no chatroom of the caller's is nobody's usage.
            return Task.CompletedTask;
        }

        var reply = result.Reply;
        // A stored answer counts once by its turn; a run that stored nothing counts on its own (each asked, or was refused).
        var recordId = result.Status == ChatTurnStatus.Replied ? turnId : $"{turnId}/{Guid.NewGuid():N}";
        return RecordAsync(owner, turnId, UsageOf(recordId, result.Status, result.Usage ?? reply?.Usage, reply, reply?.Model ?? chatroomModel));
    }

    /// <summary>
    /// A stored answer's usage, recorded by its turn. The turn sends it beside the charge of its slot, as soon as the
    /// answer is stored, rather than after it: the two calls then overlap, and the answer waits for the slower one.
    /// </summary>
    public Task RecordAnswerAsync(IUserUsageGrain owner, string turnId, StoredMessage answer) =>
        RecordAsync(owner, turnId, UsageOf(turnId, ChatTurnStatus.Replied, answer.Usage, answer, answer.Model));

    private async Task RecordAsync(IUserUsageGrain owner, string turnId, TurnUsage usage)
    {
        if (storage.IsDown)
        {
            // The record could not be written, and a usage grain not yet active would fail to load its state: Orleans
            // logs each failed activation in full, one per refused turn for the whole outage.
            metrics.UsageNotRecorded();
            return;
        }

        try
        {
            await SendAsync(owner, usage).WaitAsync(RecordWait);
        }
        catch (Exception e)
        {
            metrics.UsageNotRecorded();
            if (e is not StorageUnavailableException)
            {
                // A store outage is logged once for the whole outage (StorageOutageLog), not once per turn: in a
                // 20 s PostgreSQL outage every refused turn's record fails too.
                LogNotRecorded(e, turnId, owner.GetPrimaryKeyString());
            }
        }
    }

    private static async Task SendAsync(IUserUsageGrain owner, TurnUsage usage)
    {
        try
        {
            await owner.RecordTurnAsync(usage);
        }
        catch (Exception e) when (e is OrleansMessageRejectionException or SiloUnavailableException)
        {
            // The usage grain's silo went away, maybe after counting: asked once more, the record id counts it once.
            await owner.RecordTurnAsync(usage);
        }
    }

    private TurnUsage UsageOf(string recordId, ChatTurnStatus status, TokenUsage? tokens, StoredMessage? reply, string? model) =>
        new(recordId, clock.GetUtcNow(), ModelOf(model), status)
        {
            Tokens = tokens,
            Images = reply?.Images?.Length ?? 0,
            Tools = new ToolCalls(
                reply?.Grounding is null ? 0 : 1,
                reply?.Urls?.Length ?? 0,
                reply?.Steps?.Count(s => s.Kind == AnswerStepKind.Code) ?? 0),
        };

    /// <summary>
    /// The catalog's id (the price table's key) for what Gemini reports, a version such as
    /// <c>gemini-3.5-flash-lite-001</c>: the longest id it starts with, cut at a dash.
    /// </summary>
    private string ModelOf(string? reported)
    {
        for (var candidate = reported; !string.IsNullOrEmpty(candidate); candidate = candidate[..Math.Max(0, candidate.LastIndexOf('-'))])
        {
            if (models.Find(candidate) is { } known)
            {
                return known.Id;
            }

            if (options.Value.Prices.ContainsKey(candidate))
            {
                return candidate;
            }
        }

        return reported ?? models.Default.Id;
    }

    [LoggerMessage(LogLevel.Error, "Usage of turn {TurnId} of user {UserId} could not be recorded (or not within the wait); the turn's answer was delivered")]
    private partial void LogNotRecorded(Exception exception, string turnId, string userId);
}
