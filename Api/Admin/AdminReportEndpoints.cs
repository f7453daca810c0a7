using GeminiClone.Api.Validation;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Api.Users;
using GeminiClone.Grains.Interfaces.Feedback;
using GeminiClone.Grains.Interfaces.Usage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace GeminiClone.Api.Admin;

/// <summary>
/// The operators' reports: the whole service's usage and the ratings its answers got. Both read one grain per UTC
/// day (fed as turns end and ratings change), never every user. Reads, so nothing here is audited (as the other
/// admin reads are not).
/// </summary>
public static class AdminReportEndpoints
{
    /// <summary>Without <c>from</c>: the 30 days that end with <c>to</c> (default today, UTC).</summary>
    public const int DefaultDays = 30;

    /// <summary>The users <c>groupBy=user</c> lists: those who cost most.</summary>
    public const int TopUsers = 100;

    public static readonly IReadOnlyList<string> Groupings = ["day", "model", "user"];

    public static RouteGroupBuilder MapAdminReports(this RouteGroupBuilder admin)
    {
        admin.MapGet("/usage", GetUsageAsync).WithName("AdminGetUsage")
            .WithSummary("The whole service's usage over a range of UTC days: totals, and rows by day, by model, or the 100 users who cost most")
            .DescribedAsDays($"{DefaultDays - 1} days before to")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Parameters?.OfType<OpenApiParameter>().SingleOrDefault(p => p.Name == "groupBy") is { Schema: OpenApiSchema schema } groupBy)
                {
                    schema.Enum = [.. Groupings.Select(g => (System.Text.Json.Nodes.JsonNode)g)];
                    groupBy.Description = "How the rows are grouped: day (default), model, or user (the 100 who cost most)";
                }

                return Task.CompletedTask;
            });
        admin.MapGet("/feedback", GetFeedbackAsync).WithName("AdminGetFeedback")
            .WithSummary("Ratings of answers over a range of UTC days: up and down (and their reasons) per model and day, and totals")
            .DescribedAsDays($"{DefaultDays - 1} days before to");
        return admin;
    }

    public static async Task<Results<Ok<ApiResponse<AdminUsageData>>, ValidationProblem>> GetUsageAsync(
        string? from, string? to, string? groupBy, IGrainFactory grains, TimeProvider clock)
    {
        var grouping = groupBy ?? "day";
        if (!Groupings.Contains(grouping, StringComparer.Ordinal))
        {
            return ApiProblems.Invalid("groupBy", $"Group by one of: {string.Join(", ", Groupings)}.");
        }

        if (!DayRange.TryRead(from, to, UsageDays.DayOf(clock.GetUtcNow()), last => DayRange.DaysEndingWith(last, DefaultDays),
                UsageDays.MaxRange, out var range, out var problem))
        {
            return problem;
        }

        var usage = await grains.GetGrain<IServiceUsageGrain>(0).GetAsync(range.From, range.To, grouping == "user" ? TopUsers : 0);
        var data = new AdminUsageData(range.From, range.To, grouping, "USD", UsageFiguresData.From(UsageFigures.Sum(usage.Models.Select(m => m.Figures))));
        data = grouping switch
        {
            "day" => data with
            {
                Days = [.. usage.Days.Where(d => d.Models.Count > 0)
                    .Select(d => new AdminUsageDayData(d.Day, UsageFiguresData.From(UsageFigures.Sum(d.Models.Select(m => m.Figures)))))],
            },
            "model" => data with { Models = [.. usage.Models.Select(ModelUsageData.From)] },
            _ => data with { Users = await AdminUsageReads.TopUsersAsync(grains, usage.TopUsers, range) },
        };
        return TypedResults.Ok(ApiResponse.Ok("Usage fetched successfully", data));
    }

    public static async Task<Results<Ok<ApiResponse<AdminFeedbackData>>, ValidationProblem>> GetFeedbackAsync(
        string? from, string? to, IGrainFactory grains, TimeProvider clock)
    {
        if (!DayRange.TryRead(from, to, FeedbackDays.Of(clock.GetUtcNow()), last => DayRange.DaysEndingWith(last, DefaultDays),
                FeedbackDays.MaxRange, out var range, out var problem))
        {
            return problem;
        }

        var days = await grains.GetGrain<IFeedbackReportGrain>(0).GetDaysAsync(range.From, range.To);
        return TypedResults.Ok(ApiResponse.Ok("Feedback fetched successfully", AdminFeedbackData.Of(range, days)));
    }
}
