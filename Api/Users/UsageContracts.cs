using System.Globalization;
using System.Text.Json;
using GeminiClone.Api.Chatrooms;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Users;

/// <summary><c>GET /user/usage</c>: the caller's usage from <c>from</c> to <c>to</c> (UTC days, both included).</summary>
/// <param name="Currency">Of every <c>estimatedCost</c>: <c>USD</c>, as Google prices Gemini.</param>
/// <param name="Days">Days with any turn, oldest first, each with its models.</param>
/// <param name="Models">Each model over the whole range.</param>
/// <param name="Totals">Every model over the whole range.</param>
/// <param name="Today">Today's quotas (UTC day).</param>
/// <param name="Spending">This UTC month's estimated cost against the plan's spending cap.</param>
public sealed record UserUsageData(
    DateOnly From,
    DateOnly To,
    string Currency,
    IReadOnlyList<UsageDayData> Days,
    IReadOnlyList<ModelUsageData> Models,
    UsageFiguresData Totals,
    UsageTodayData Today,
    SpendingData Spending)
{
    public static UserUsageData Of(UsageReport report, QuotaSnapshot messages, ImageAllowance images) => new(
        report.From,
        report.To,
        "USD",
        [.. report.Days.Select(d => new UsageDayData(d.Day, [.. d.Models.Select(ModelUsageData.From)]))],
        [.. report.Models.Select(ModelUsageData.From)],
        UsageFiguresData.From(report.Totals),
        new UsageTodayData(QuotaData.From(messages with { Tokens = null }), ImageAllowanceData.From(images)),
        SpendingData.From(report.Spending));
}

public sealed record UsageDayData(DateOnly Date, IReadOnlyList<ModelUsageData> Models);

/// <param name="Model">The catalog's model id.</param>
/// <param name="Usage">What its turns used.</param>
public sealed record ModelUsageData(string Model, UsageFiguresData Usage)
{
    public static ModelUsageData From(ModelUsage model) => new(model.Model, UsageFiguresData.From(model.Figures));
}

/// <summary>Turns and what they used. Tokens are Gemini's own counts (<c>usageMetadata</c>).</summary>
/// <param name="Turns">Turns answered (including answers stopped part-way, which are stored).</param>
/// <param name="StoppedTurns">Turns stopped before any text: nothing stored.</param>
/// <param name="FailedTurns">Turns that failed or were refused, by outcome (<c>gemini_timeout</c>, <c>blocked</c>, <c>quota_exceeded</c>, ...).</param>
/// <param name="InputTokens">The prompts, <c>cachedTokens</c> included.</param>
/// <param name="CachedTokens">The part of the prompts Gemini served from its cache.</param>
/// <param name="OutputTokens">The answers' text.</param>
/// <param name="ThoughtTokens">Spent thinking; billed as output.</param>
/// <param name="Images">Images the model made.</param>
/// <param name="EstimatedCost">In USD, at the service's price table when each turn was recorded: an estimate, not Google's bill.</param>
public sealed record UsageFiguresData(
    int Turns,
    int StoppedTurns,
    IReadOnlyDictionary<string, int> FailedTurns,
    long InputTokens,
    long CachedTokens,
    long OutputTokens,
    long ThoughtTokens,
    int Images,
    ToolCallsData ToolCalls,
    decimal EstimatedCost)
{
    public static UsageFiguresData From(UsageFigures figures) => new(
        figures.Turns,
        figures.StoppedTurns,
        figures.FailedTurns.OrderBy(f => f.Key).ToDictionary(f => JsonNamingPolicy.SnakeCaseLower.ConvertName(f.Key.ToString()), f => f.Value),
        figures.InputTokens,
        figures.CachedTokens,
        figures.OutputTokens,
        figures.ThoughtTokens,
        figures.Images,
        new ToolCallsData(figures.Tools.GoogleSearch, figures.Tools.UrlContext, figures.Tools.CodeExecution),
        figures.Cost);
}

/// <summary>Built-in tools the answers show they used.</summary>
/// <param name="GoogleSearch">Answers grounded in Google Search.</param>
/// <param name="UrlContext">Pages the URL context tool fetched.</param>
/// <param name="CodeExecution">Pieces of code the model ran.</param>
public sealed record ToolCallsData(int GoogleSearch, int UrlContext, int CodeExecution);

/// <param name="Messages">Today's messages against the plan's daily limit.</param>
/// <param name="Images">Today's images against the plan's daily allowance.</param>
public sealed record UsageTodayData(QuotaData Messages, ImageAllowanceData Images);

public sealed record ImageAllowanceData(int Used, int Limit, int Remaining, DateTime ResetsAt)
{
    public static ImageAllowanceData From(ImageAllowance images) => new(images.Used, images.Limit, images.Remaining, images.ResetsAt.UtcDateTime);
}

/// <param name="Month">The UTC month, <c>yyyy-MM</c>.</param>
/// <param name="EstimatedCost">This month so far, in USD.</param>
/// <param name="Cap">The plan's monthly cap in USD; null when it has none.</param>
/// <param name="CapReached">Turns are refused (429) until <c>resetsAt</c>: <c>estimatedCost &gt;= cap</c>.</param>
/// <param name="ResetsAt">00:00 UTC on the first of next month.</param>
public sealed record SpendingData(string Month, decimal EstimatedCost, decimal? Cap, bool CapReached, DateTime ResetsAt)
{
    public static SpendingData From(SpendingStatus spending) => new(
        spending.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), spending.Spent, spending.Cap, spending.CapReached, spending.ResetsAt.UtcDateTime);
}
