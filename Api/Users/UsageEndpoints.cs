using System.Globalization;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace GeminiClone.Api.Users;

/// <summary>The caller's own usage: per UTC day and model, totals, today's quotas and this month's spending.</summary>
public static class UsageEndpoints
{
    /// <summary>Without <c>from</c>: the 30 days that end with <c>to</c> (default today, UTC).</summary>
    public const int DefaultDays = 30;

    private const string DateFormat = "yyyy-MM-dd";

    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/user").WithTags("User").RequireAuthorization();
        user.MapGet("/usage", GetUsageAsync).WithName("GetUsage")
            .WithSummary("The caller's usage per UTC day and model (turns, tokens, images, tool calls, failures, estimated cost), totals, today's quotas and this month's spending")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Read as text so that a bad date is a 400 naming its field; the document says what is expected.
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter.Schema is OpenApiSchema schema && parameter.Name is "from" or "to")
                    {
                        schema.Format = "date";
                        parameter.Description = parameter.Name == "from"
                            ? $"First UTC day, YYYY-MM-DD (default: {DefaultDays - 1} days before to)"
                            : "Last UTC day, YYYY-MM-DD (default: today)";
                    }
                }

                return Task.CompletedTask;
            });
        return app;
    }

    public static async Task<Results<Ok<ApiResponse<UserUsageData>>, ValidationProblem, ProblemHttpResult>> GetUsageAsync(
        string? from, string? to, HttpContext httpContext, IGrainFactory grains, TimeProvider clock)
    {
        var today = UsageDays.DayOf(clock.GetUtcNow());
        if (ParseDay(to, today) is not { } last)
        {
            return ApiProblems.Invalid("to", "Give to as a date, YYYY-MM-DD.");
        }

        if (ParseDay(from, DateOnly.FromDayNumber(Math.Max(0, last.DayNumber - (DefaultDays - 1)))) is not { } first)
        {
            return ApiProblems.Invalid("from", "Give from as a date, YYYY-MM-DD.");
        }

        if (first > last)
        {
            return ApiProblems.Invalid("from", "from must not be after to.");
        }

        if (last.DayNumber - first.DayNumber + 1 > UsageDays.MaxRange)
        {
            return ApiProblems.Invalid("from", $"Ask for at most {UsageDays.MaxRange} days at a time (usage is kept for {UsageDays.Kept} days).");
        }

        var userId = httpContext.User.GetUserId();
        var user = grains.GetGrain<IUserGrain>(userId);
        var plan = await user.GetPlanAsync();
        if (!plan.Exists)
        {
            return ApiProblems.NotFound("User not found.");
        }

        var images = user.GetImageAllowanceAsync();
        var report = grains.GetGrain<IUserUsageGrain>(userId).GetReportAsync(first, last, plan.Tier);
        return TypedResults.Ok(ApiResponse.Ok("Usage fetched successfully", UserUsageData.Of(await report, plan.Quota, await images)));
    }

    /// <summary>The day given, or <paramref name="absent"/> when none was; null when it is not a YYYY-MM-DD date.</summary>
    private static DateOnly? ParseDay(string? value, DateOnly absent) =>
        value is null ? absent
        : DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : null;
}
