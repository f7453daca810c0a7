using System.Globalization;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Interfaces.Usage;

/// <summary>How far back usage goes: what is kept, and the widest range one report may ask for.</summary>
public static class UsageDays
{
    /// <summary>Days of figures a user's record keeps (today and the 399 before it); older days are dropped when it is written.</summary>
    public const int Kept = 400;

    /// <summary>The widest report, in days, <c>from</c> and <c>to</c> included.</summary>
    public const int MaxRange = Kept;

    /// <summary>The key of a day's service-wide grain (<see cref="IUsageDayGrain"/>): <c>yyyy-MM-dd</c>.</summary>
    public static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}

/// <summary>
/// What one turn used, as its chatroom reports it once the turn has ended. <paramref name="RecordId"/> makes
/// recording idempotent: the turn's id for an answer that was stored (counted once, whichever run stored it), the
/// turn's id and its run for anything else (each run asked, or was refused, on its own).
/// </summary>
/// <param name="Model">The catalog's model id (not the version Gemini reports): the price table's key.</param>
[GenerateSerializer, Immutable, Alias("GeminiClone.Usage.TurnUsage")]
public sealed record TurnUsage(string RecordId, DateTimeOffset At, string Model, ChatTurnStatus Status)
{
    [Id(4)] public TokenUsage? Tokens { get; init; }

    /// <summary>Images the model made and the chatroom kept.</summary>
    [Id(5)] public int Images { get; init; }

    [Id(6)] public ToolCalls Tools { get; init; } = ToolCalls.None;
}

/// <summary>
/// Built-in tools an answer shows it used: a Google Search grounding, each page URL context fetched, each piece of
/// code it ran.
/// </summary>
[GenerateSerializer, Immutable, Alias("GeminiClone.Usage.ToolCalls")]
public sealed record ToolCalls(int GoogleSearch, int UrlContext, int CodeExecution)
{
    public static ToolCalls None { get; } = new(0, 0, 0);

    public ToolCalls Add(ToolCalls other) =>
        new(GoogleSearch + other.GoogleSearch, UrlContext + other.UrlContext, CodeExecution + other.CodeExecution);
}

/// <summary>
/// Turns and what they used, summed: one model on one UTC day, or any sum of those. Immutable; <see cref="Add"/> makes
/// a new one. Tokens are Gemini's <c>usageMetadata</c>: <see cref="InputTokens"/> include <see cref="CachedTokens"/>.
/// </summary>
/// <param name="Turns">Turns answered (stored, including answers stopped part-way).</param>
/// <param name="StoppedTurns">Turns stopped before Gemini wrote anything: nothing stored.</param>
/// <param name="FailedTurns">Turns that failed or were refused, by their outcome.</param>
/// <param name="Cost">Estimated, in USD, from the price table when the turn was recorded.</param>
[GenerateSerializer, Immutable, Alias("GeminiClone.Usage.UsageFigures")]
public sealed record UsageFigures(
    int Turns,
    int StoppedTurns,
    IReadOnlyDictionary<ChatTurnStatus, int> FailedTurns,
    long InputTokens,
    long CachedTokens,
    long OutputTokens,
    long ThoughtTokens,
    int Images,
    ToolCalls Tools,
    decimal Cost)
{
    public static UsageFigures Zero { get; } = new(0, 0, new Dictionary<ChatTurnStatus, int>(), 0, 0, 0, 0, 0, ToolCalls.None, 0m);

    /// <summary>One turn's figures, at <paramref name="cost"/>.</summary>
    public static UsageFigures Of(TurnUsage turn, decimal cost) => new(
        turn.Status == ChatTurnStatus.Replied ? 1 : 0,
        turn.Status == ChatTurnStatus.Stopped ? 1 : 0,
        turn.Status is ChatTurnStatus.Replied or ChatTurnStatus.Stopped
            ? new Dictionary<ChatTurnStatus, int>()
            : new Dictionary<ChatTurnStatus, int> { [turn.Status] = 1 },
        turn.Tokens?.InputTokens ?? 0,
        turn.Tokens?.CachedTokens ?? 0,
        turn.Tokens?.OutputTokens ?? 0,
        turn.Tokens?.ThoughtTokens ?? 0,
        turn.Images,
        turn.Tools,
        cost);

    public UsageFigures Add(UsageFigures other)
    {
        // Most turns fail nothing: a sum then shares the side that has failures (never changed after it is made).
        var failed = other.FailedTurns.Count == 0 ? FailedTurns : FailedTurns.Count == 0 ? other.FailedTurns : Merged(FailedTurns, other.FailedTurns);
        return new(
            Turns + other.Turns, StoppedTurns + other.StoppedTurns, failed,
            InputTokens + other.InputTokens, CachedTokens + other.CachedTokens,
            OutputTokens + other.OutputTokens, ThoughtTokens + other.ThoughtTokens,
            Images + other.Images, Tools.Add(other.Tools), Cost + other.Cost);
    }

    public static UsageFigures Sum(IEnumerable<UsageFigures> figures) => figures.Aggregate(Zero, (sum, next) => sum.Add(next));

    private static Dictionary<ChatTurnStatus, int> Merged(IReadOnlyDictionary<ChatTurnStatus, int> first, IReadOnlyDictionary<ChatTurnStatus, int> second)
    {
        var merged = new Dictionary<ChatTurnStatus, int>(first);
        foreach (var (status, count) in second)
        {
            merged[status] = merged.GetValueOrDefault(status) + count;
        }

        return merged;
    }
}

/// <summary>One model's figures (on a day, or over a range).</summary>
[GenerateSerializer, Alias("GeminiClone.Usage.ModelUsage")]
public sealed record ModelUsage(string Model, UsageFigures Figures);

/// <summary>A user's figures on one UTC day, by model.</summary>
[GenerateSerializer, Alias("GeminiClone.Usage.DayUsage")]
public sealed record DayUsage(DateOnly Day, IReadOnlyList<ModelUsage> Models);

/// <summary>
/// This UTC month's estimated cost against the plan's monthly cap (null: none). Turns are refused once
/// <see cref="Spent"/> reaches <see cref="Cap"/>, until <see cref="ResetsAt"/>.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Usage.SpendingStatus")]
public sealed record SpendingStatus(DateOnly Month, decimal Spent, decimal? Cap, DateTimeOffset ResetsAt)
{
    public bool CapReached => Cap is { } cap && Spent >= cap;
}

/// <summary>A user's usage from <paramref name="From"/> to <paramref name="To"/> (UTC days, both included): days with any turn, oldest first.</summary>
[GenerateSerializer, Alias("GeminiClone.Usage.UsageReport")]
public sealed record UsageReport(
    DateOnly From, DateOnly To, IReadOnlyList<DayUsage> Days, IReadOnlyList<ModelUsage> Models, UsageFigures Totals, SpendingStatus Spending);
