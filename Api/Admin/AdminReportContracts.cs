using GeminiClone.Api.Validation;
using System.Text.Json.Serialization;
using GeminiClone.Api.Users;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Feedback;
using GeminiClone.Grains.Interfaces.Usage;

namespace GeminiClone.Api.Admin;

/// <summary>
/// <c>GET /admin/usage</c>: the whole service's usage from <c>from</c> to <c>to</c> (UTC days, both included), its
/// totals, and rows grouped as asked: exactly one of <c>days</c>, <c>models</c> and <c>users</c> is present.
/// </summary>
/// <param name="GroupBy"><c>day</c>, <c>model</c> or <c>user</c>: which of the row lists is present.</param>
/// <param name="Currency">Of every <c>estimatedCost</c>: <c>USD</c>.</param>
/// <param name="Totals">Every model, every day of the range.</param>
/// <param name="Days">groupBy=day: the days with any turn, oldest first.</param>
/// <param name="Models">groupBy=model: each model over the range, by name.</param>
/// <param name="Users">groupBy=user: the 100 users who cost most over the range, most first.</param>
public sealed record AdminUsageData(
    DateOnly From,
    DateOnly To,
    string GroupBy,
    string Currency,
    UsageFiguresData Totals,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AdminUsageDayData>? Days = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ModelUsageData>? Models = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AdminUserCostData>? Users = null);

/// <summary>One UTC day of the whole service, every model.</summary>
public sealed record AdminUsageDayData(DateOnly Date, UsageFiguresData Usage);

/// <summary>A user among those who cost most, with the user's own figures over the range.</summary>
/// <param name="MaskedNumber">The mobile number with all but the country code's first digits and the last two hidden.</param>
/// <param name="EstimatedCost">In USD, over the range.</param>
/// <param name="Turns">Turns answered over the range.</param>
/// <param name="Tokens">Input (cached included), output and thought tokens over the range, as Gemini counted them.</param>
public sealed record AdminUserCostData(string Id, string MaskedNumber, string Name, decimal EstimatedCost, int Turns, long Tokens);

/// <summary>A user's usage in brief: what the directory shows for this month.</summary>
/// <param name="Month">The UTC month, <c>yyyy-MM</c>.</param>
/// <param name="Turns">Turns answered.</param>
/// <param name="Tokens">Input (cached included), output and thought tokens, as Gemini counted them.</param>
/// <param name="EstimatedCost">In USD.</param>
public sealed record AdminUsageSummaryData(string Month, int Turns, long Tokens, decimal EstimatedCost)
{
    public static AdminUsageSummaryData From(DateOnly month, UsageFigures figures) => new(
        month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), figures.Turns, TokensOf(figures), figures.Cost);

    public static long TokensOf(UsageFigures figures) => figures.InputTokens + figures.OutputTokens + figures.ThoughtTokens;
}

/// <summary>One user's usage from <c>from</c> to <c>to</c> (UTC days, both included), as <c>GET /user/usage</c> shows the user.</summary>
/// <param name="Days">Days with any turn, oldest first, each with its models.</param>
/// <param name="Totals">Every model over the range.</param>
public sealed record AdminUserUsageData(DateOnly From, DateOnly To, IReadOnlyList<UsageDayData> Days, UsageFiguresData Totals)
{
    public static AdminUserUsageData Of(UsageReport report) => new(
        report.From, report.To, [.. report.Days.Select(d => new UsageDayData(d.Day, [.. d.Models.Select(ModelUsageData.From)]))],
        UsageFiguresData.From(report.Totals));
}

/// <summary><c>GET /admin/feedback</c>: the ratings given from <c>from</c> to <c>to</c> (UTC days, both included) that still stand.</summary>
/// <param name="Days">Days with any rating, oldest first, each with its models.</param>
/// <param name="Models">Each model over the range, by name.</param>
/// <param name="Totals">Every model over the range.</param>
public sealed record AdminFeedbackData(
    DateOnly From, DateOnly To, IReadOnlyList<FeedbackDayData> Days, IReadOnlyList<ModelFeedbackData> Models, FeedbackCountsData Totals)
{
    public static AdminFeedbackData Of(DayRange range, IReadOnlyList<DayFeedback> days)
    {
        var models = days.SelectMany(d => d.Models).GroupBy(m => m.Model, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => ModelFeedbackData.Of(g.Key, FeedbackCountsData.Sum(g.Select(FeedbackCountsData.From)))).ToList();
        return new AdminFeedbackData(
            range.From, range.To,
            [.. days.Where(d => d.Models.Count > 0).OrderBy(d => d.Day)
                .Select(d => new FeedbackDayData(d.Day, [.. d.Models.Select(m => ModelFeedbackData.Of(m.Model, FeedbackCountsData.From(m)))]))],
            models,
            FeedbackCountsData.Sum(models.Select(m => new FeedbackCountsData(m.Up, m.Down, m.UpReasons, m.DownReasons))));
    }
}

public sealed record FeedbackDayData(DateOnly Date, IReadOnlyList<ModelFeedbackData> Models);

/// <param name="Model">The model version that wrote the answers, as their messages name it (<c>unknown</c> when none).</param>
/// <param name="Up">Answers rated up.</param>
/// <param name="Down">Answers rated down.</param>
/// <param name="UpReasons">How many of the up ratings gave each reason (only reasons given).</param>
/// <param name="DownReasons">How many of the down ratings gave each reason.</param>
public sealed record ModelFeedbackData(
    string Model, int Up, int Down, IReadOnlyDictionary<string, int> UpReasons, IReadOnlyDictionary<string, int> DownReasons)
{
    public static ModelFeedbackData Of(string model, FeedbackCountsData counts) => new(model, counts.Up, counts.Down, counts.UpReasons, counts.DownReasons);
}

/// <param name="UpReasons">How many of the up ratings gave each reason (only reasons given).</param>
/// <param name="DownReasons">How many of the down ratings gave each reason.</param>
public sealed record FeedbackCountsData(int Up, int Down, IReadOnlyDictionary<string, int> UpReasons, IReadOnlyDictionary<string, int> DownReasons)
{
    public static FeedbackCountsData From(ModelFeedback model) => new(
        model.Up, model.Down, Reasons(model.Reasons.Where(r => r.Rating == FeedbackRating.Up)),
        Reasons(model.Reasons.Where(r => r.Rating == FeedbackRating.Down)));

    public static FeedbackCountsData Sum(IEnumerable<FeedbackCountsData> counts)
    {
        var all = counts.ToList();
        return new FeedbackCountsData(
            all.Sum(c => c.Up), all.Sum(c => c.Down), Merge(all.Select(c => c.UpReasons)), Merge(all.Select(c => c.DownReasons)));
    }

    private static SortedDictionary<string, int> Reasons(IEnumerable<ReasonCount> reasons) =>
        Merge(reasons.Select(r => (IReadOnlyDictionary<string, int>)new Dictionary<string, int> { [r.Reason] = r.Count }));

    private static SortedDictionary<string, int> Merge(IEnumerable<IReadOnlyDictionary<string, int>> reasons)
    {
        var merged = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (reason, count) in reasons.SelectMany(r => r))
        {
            merged[reason] = merged.GetValueOrDefault(reason) + count;
        }

        return merged;
    }
}
