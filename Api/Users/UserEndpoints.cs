using GeminiClone.Api.Auth;
using GeminiClone.Api.Hosting;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.Json;

using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Users;

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/user").WithTags("User").RequireAuthorization();
        user.MapGet("/me", GetMeAsync).WithName("GetMe").WithSummary("The signed-in user's profile");
        user.MapDelete("/me", DeleteAccountAsync).RequireSignedInPerson().WithCallerAddress().WithName("DeleteAccount")
            .WithSummary("Delete the account and everything of it; send the password or a login OTP. 204 when done, 202 while the rest finishes");
        user.MapGet("/export", Export).WithName("ExportData")
            .WithSummary("Everything we hold about the caller (profile, subscription, sessions, preferences and Gems, folders, every chatroom and message, share links) as one JSON document, streamed")
            .Produces<UserExportDocument>(StatusCodes.Status200OK, contentType: "application/json");
        user.MapGet("/sessions", GetSessionsAsync).WithName("GetSessions")
            .WithSummary("The caller's sign-in sessions, most recently used first; the caller's own is marked current");
        user.MapDelete("/sessions/{sessionId:length(1,64)}", EndSessionAsync).RequireSignedInPerson().WithCallerAddress().WithName("EndSession")
            .WithSummary("End a session (say, a lost phone's): its tokens stop working at once");
        return app;
    }

    public static async Task<Results<Ok<ApiResponse<UserData>>, ProblemHttpResult>> GetMeAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var profile = await httpContext.GetCallerProfileAsync(grains);
        return profile is null
            ? ApiProblems.NotFound("User not found.")
            : TypedResults.Ok(ApiResponse.Ok("User profile retrieved successfully", UserData.From(profile)));
    }

    public static async Task<Results<NoContent, Accepted<ApiResponse<object?>>, ValidationProblem, ProblemHttpResult, TooManyRequestsProblem>> DeleteAccountAsync(
        [Microsoft.AspNetCore.Mvc.FromBody] DeleteAccountRequest request, HttpContext httpContext, IGrainFactory grains)
    {
        if ((request.Password is null) == (request.Otp is null))
        {
            return ApiProblems.Invalid("password", "Send either password or otp (a login OTP from /auth/send-otp), to confirm it is you.");
        }

        var result = await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId())
            .DeleteAccountAsync(new AccountDeletionProof(request.Password, request.Otp));
        return result.Status switch
        {
            AccountDeletionStatus.Deleted => TypedResults.NoContent(),
            AccountDeletionStatus.Pending => TypedResults.Accepted((string?)null, ApiResponse.Ok<object?>(
                "Your account is closed and is being deleted; what is left finishes on its own shortly", null)),
            AccountDeletionStatus.WrongProof when result.OtpCheck == OtpCheck.LockedOut => ApiProblems.TooManyRequests(
                "Too many wrong codes for this number; verification is locked for a while. Nothing was deleted.",
                result.RetryAfter ?? TimeSpan.FromMinutes(1)),
            AccountDeletionStatus.WrongProof => ApiProblems.Status(StatusCodes.Status403Forbidden,
                request.Password is not null ? "Wrong password; nothing was deleted." : "Invalid or expired OTP; nothing was deleted."),
            _ => ApiProblems.NotFound("User not found."),
        };
    }

    public static IResult Export(
        HttpContext httpContext, IGrainFactory grains, IOptions<JsonOptions> json, TimeProvider clock,
        [Microsoft.AspNetCore.Mvc.FromServices] GeminiClone.Grains.Interfaces.Attachments.IAttachmentStore? attachmentStore, IOptions<ExportOptions> exportOptions,
        GeminiClone.Api.Shares.ShareLinks shareLinks)
    {
        var userId = httpContext.User.GetUserId();
        var export = new UserExport(grains, json.Value.SerializerOptions, clock, attachmentStore, exportOptions.Value.Attachments,
            shareId => shareLinks.UrlOf(shareId, httpContext.Request));
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(body => export.WriteAsync(userId, body, httpContext.RequestAborted), "application/json",
            fileDownloadName: $"geminiclone-export-{clock.GetUtcNow():yyyy-MM-dd}.json");
    }

    public static async Task<Ok<ApiResponse<IReadOnlyList<SessionData>>>> GetSessionsAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var current = httpContext.User.GetSessionId();
        var sessions = await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId()).GetSessionsAsync();
        return TypedResults.Ok(ApiResponse.Ok<IReadOnlyList<SessionData>>(
            "Sessions retrieved successfully", [.. sessions.Select(s => SessionData.From(s, current))]));
    }

    public static async Task<Results<Ok<ApiResponse<object?>>, ProblemHttpResult>> EndSessionAsync(
        string sessionId, HttpContext httpContext, IGrainFactory grains)
    {
        return await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId()).EndSessionAsync(sessionId)
            ? TypedResults.Ok(ApiResponse.Ok<object?>("Session ended successfully", null))
            : ApiProblems.NotFound("No such session.");
    }
}
