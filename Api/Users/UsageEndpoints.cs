using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Users;

/// <summary>The caller's own usage: per UTC day and model, totals, today's quotas and this month's spending.</summary>
public static class UsageEndpoints
{
    /// <summary>Without <c>from</c>: the 30 days that end with <c>to</c> (default today, UTC).</summary>
    public const int DefaultDays = 30;

    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/user").WithTags("User").RequireAuthorization();
        user.MapGet("/usage", GetUsageAsync).WithName("GetUsage")
            .WithSummary("The caller's usage per UTC day and model (turns, tokens, images, tool calls, failures, estimated cost), totals, today's quotas and this month's spending")
            .DescribedAsDays($"{DefaultDays - 1} days before to");
        return app;
    }

    public static async Task<Results<Ok<ApiResponse<UserUsageData>>, ValidationProblem, ProblemHttpResult>> GetUsageAsync(
        string? from, string? to, HttpContext httpContext, IGrainFactory grains, TimeProvider clock)
    {
        var today = UsageDays.DayOf(clock.GetUtcNow());
        if (!DayRange.TryRead(from, to, today, last => DayRange.DaysEndingWith(last, DefaultDays), UsageDays.MaxRange,
                out var range, out var problem, why: $"usage is kept for {UsageDays.Kept} days"))
        {
            return problem;
        }

        var userId = httpContext.User.GetUserId();
        var user = grains.GetGrain<IUserGrain>(userId);
        var plan = await user.GetPlanAsync();
        if (!plan.Exists)
        {
            return ApiProblems.NotFound("User not found.");
        }

        var images = user.GetImageAllowanceAsync();
        var report = grains.GetGrain<IUserUsageGrain>(userId).GetReportAsync(range.From, range.To, plan.Tier);
        return TypedResults.Ok(ApiResponse.Ok("Usage fetched successfully", UserUsageData.Of(await report, plan.Quota, await images)));
    }
}
