using GeminiClone.Api.Validation;
using System.ComponentModel.DataAnnotations;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Hosting;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Admin;

/// <summary>
/// The admin API, for operators only (<see cref="AuthPolicies.Admin"/>): the user directory, one user's view, roles,
/// suspension, complimentary plans, the audit log, and the reports (<see cref="AdminReportEndpoints"/>): usage and feedback. Operators never read conversations: nothing here shows a
/// message. Every change is recorded in the audit log by the grain that makes it, with the operator as its actor.
/// </summary>
public static class AdminEndpoints
{
    public const int DefaultUserLimit = 20;
    public const int MaxUserLimit = 100;
    public const int DefaultAuditLimit = 100;
    public const int MaxAuditLimit = 1000;

    private const string UserNotFound = "User not found.";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").WithTags("Admin").RequireAdmin().WithNoStore().WithCallerAddress();
        admin.MapGet("/users", FindUsersAsync).WithName("AdminFindUsers")
            .WithSummary("Find users by mobile number (all or part of its digits), name (any case) or id; newest first, a page at a time");
        admin.MapGet("/users/{userId:length(1,64)}", GetUserAsync).WithName("AdminGetUser")
            .WithSummary("One user: profile, roles, suspension, plan, how many sessions, passkeys, chatrooms and API keys it has, and its usage by day")
            .DescribedAsDays("the first of to's month", "today");
        admin.MapPost("/users/{userId:length(1,64)}/roles", SetRoleAsync).WithName("AdminSetRole")
            .WithSummary("Grant or take a role (admin); the last admin's role cannot be taken (409)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/users/{userId:length(1,64)}/suspend", SuspendAsync).WithName("AdminSuspendUser")
            .WithSummary("Suspend the account: its tokens, refresh tokens and API keys stop working at once, running turns stop, sign-in is refused")
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/users/{userId:length(1,64)}/unsuspend", UnsuspendAsync).WithName("AdminUnsuspendUser")
            .WithSummary("Lift a suspension: the account's tokens, refresh tokens and API keys work again");
        admin.MapPut("/users/{userId:length(1,64)}/plan", SetPlanAsync).WithName("AdminSetPlan")
            .WithSummary("Give a complimentary Pro (until a time, or until taken away) or take it away; a paid Pro stays Pro");
        admin.MapGet("/audit", ReadAuditAsync).WithName("AdminReadAudit")
            .WithSummary("The audit log of admin actions and security events, oldest first, after a sequence number");
        admin.MapAdminReports();
        return app;
    }

    public static async Task<Results<Ok<ApiResponse<AdminUserPageData>>, ValidationProblem>> FindUsersAsync(
        [StringLength(100)] string? query, [Range(1, MaxUserLimit)] int? limit, [StringLength(200)] string? cursor, IGrainFactory grains,
        TimeProvider clock)
    {
        var page = await grains.GetGrain<IUserDirectoryGrain>(0).FindAsync(query, limit ?? DefaultUserLimit, cursor);
        if (page.InvalidCursor)
        {
            return ApiProblems.Invalid("cursor", "The cursor is not one a page of this directory gave.");
        }

        // One usage grain per user of this page only (at most MaxUserLimit, asked in parallel): never the whole directory.
        var items = await AdminUsageReads.PageWithUsageAsync(grains, page.Users, clock.GetUtcNow());
        return TypedResults.Ok(ApiResponse.Ok("Users found", new AdminUserPageData(items, page.NextCursor)));
    }

    public static async Task<Results<Ok<ApiResponse<AdminUserData>>, ValidationProblem, ProblemHttpResult>> GetUserAsync(
        string userId, string? from, string? to, IGrainFactory grains, TimeProvider clock)
    {
        if (!DayRange.TryRead(from, to, UsageDays.DayOf(clock.GetUtcNow()), DayRange.MonthOf, UsageDays.MaxRange, out var range, out var problem))
        {
            return problem;
        }

        return await grains.GetGrain<IUserDirectoryGrain>(0).GetUserAsync(userId) is { } details
            ? TypedResults.Ok(ApiResponse.Ok("User retrieved successfully", await WithUsageAsync(grains, details, range, clock)))
            : ApiProblems.NotFound(UserNotFound);
    }

    public static async Task<Results<Ok<ApiResponse<AdminUserData>>, ValidationProblem, ProblemHttpResult>> SetRoleAsync(
        string userId, RoleChangeRequest request, HttpContext httpContext, IGrainFactory grains, TimeProvider clock)
    {
        var status = await grains.GetGrain<IUserAdminGrain>(userId).SetRoleAsync(UserRole.Admin, request.Granted!.Value, httpContext.User.GetUserId());
        return status == AdminChangeStatus.LastAdmin
            ? ApiProblems.Conflict("This is the last admin; grant the role to another user before taking it from this one.")
            : await AfterChangeAsync(grains, userId, status, request.Granted.Value ? "Role granted" : "Role taken", clock);
    }

    public static async Task<Results<Ok<ApiResponse<AdminUserData>>, ValidationProblem, ProblemHttpResult>> SuspendAsync(
        string userId, SuspendRequest request, HttpContext httpContext, IGrainFactory grains, TimeProvider clock)
    {
        var status = await grains.GetGrain<IUserAdminGrain>(userId).SuspendAsync(request.Reason.Trim(), httpContext.User.GetUserId());
        return status == AdminChangeStatus.AdminCannotBeSuspended
            ? ApiProblems.Conflict("An admin cannot be suspended; take the admin role first.")
            : await AfterChangeAsync(grains, userId, status, "User suspended", clock);
    }

    public static async Task<Results<Ok<ApiResponse<AdminUserData>>, ValidationProblem, ProblemHttpResult>> UnsuspendAsync(
        string userId, HttpContext httpContext, IGrainFactory grains, TimeProvider clock) =>
        await AfterChangeAsync(grains, userId,
            await grains.GetGrain<IUserAdminGrain>(userId).UnsuspendAsync(httpContext.User.GetUserId()), "User unsuspended", clock);

    public static async Task<Results<Ok<ApiResponse<AdminUserData>>, ValidationProblem, ProblemHttpResult>> SetPlanAsync(
        string userId, PlanRequest request, HttpContext httpContext, IGrainFactory grains, TimeProvider clock)
    {
        var tier = request.Tier!.Value;
        if (request.Until is not null && tier != UserTier.Pro)
        {
            return ApiProblems.Invalid("until", "Only a complimentary Pro has an end; Basic takes a complimentary plan away now.");
        }

        if (request.Until <= clock.GetUtcNow())
        {
            return ApiProblems.Invalid("until", "Must be in the future.");
        }

        var status = await grains.GetGrain<IUserAdminGrain>(userId).SetPlanAsync(tier, request.Until, httpContext.User.GetUserId());
        return await AfterChangeAsync(grains, userId, status, tier == UserTier.Pro ? "Complimentary plan given" : "Complimentary plan taken away", clock);
    }

    public static async Task<Ok<ApiResponse<AuditPageData>>> ReadAuditAsync(
        [Range(0, long.MaxValue)] long? after, [Range(1, MaxAuditLimit)] int? limit, IGrainFactory grains)
    {
        var from = after ?? 0;
        var records = await grains.GetGrain<IAuditLogGrain>(0).ReadAsync(from, limit ?? DefaultAuditLimit);
        return TypedResults.Ok(ApiResponse.Ok("Audit entries retrieved successfully",
            new AuditPageData([.. records.Select(AuditEntryData.From)], records.Count > 0 ? records[^1].Sequence : from)));
    }

    /// <summary>The user as the change left it, with this month's usage.</summary>
    private static async Task<Results<Ok<ApiResponse<AdminUserData>>, ValidationProblem, ProblemHttpResult>> AfterChangeAsync(
        IGrainFactory grains, string userId, AdminChangeStatus status, string message, TimeProvider clock)
    {
        if (status == AdminChangeStatus.UnknownUser || await grains.GetGrain<IUserDirectoryGrain>(0).GetUserAsync(userId) is not { } details)
        {
            return ApiProblems.NotFound(UserNotFound);
        }

        var today = UsageDays.DayOf(clock.GetUtcNow());
        return TypedResults.Ok(ApiResponse.Ok(message, await WithUsageAsync(grains, details, new DayRange(DayRange.MonthOf(today), today), clock)));
    }

    private static async Task<AdminUserData> WithUsageAsync(IGrainFactory grains, AdminUserDetails details, DayRange range, TimeProvider clock) =>
        AdminUserData.From(details, await AdminUsageReads.OfUserAsync(grains, details.User.Id, details.User.Tier, range, clock.GetUtcNow()));
}
