using GeminiClone.Api.Validation;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// A chatroom's branches: switching the current path to another branch, and deleting one. (Editing any question and
/// regenerating any answer, which make branches, are turns: <see cref="TurnEndpoints"/>.)
/// </summary>
public static class BranchEndpoints
{
    public static RouteGroupBuilder MapBranchApi(this RouteGroupBuilder chatrooms)
    {
        chatrooms.MapPost("/{id:length(1,64)}/messages/{messageId:int}/select", SelectAsync).WithName("SelectBranch")
            .WithSummary("Make the newest leaf under a message the current path (a UI's < and >); answers the new path as GET /chatroom/:id does")
            .ProducesProblem(StatusCodes.Status404NotFound);
        chatrooms.MapDelete("/{id:length(1,64)}/messages/{messageId:int}", DeleteAsync).WithName("DeleteBranch")
            .WithSummary("Delete a message and everything under it (204); never the only path to the root (409); the current path moves to the nearest sibling")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return chatrooms;
    }

    /// <param name="messageId">A message's <c>id</c>, or a version's (negative for a version kept by the previous release).</param>
    public static async Task<Results<Ok<ApiResponse<ChatroomData>>, ProblemHttpResult>> SelectAsync(
        string id, int messageId, HttpContext httpContext, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IChatroomGrain>(id).SelectAsync(httpContext.User.GetUserId(), messageId, RequestLimits.PageMaxMessages);
        return result is { Status: BranchStatus.Done, Path: { } path }
            ? TypedResults.Ok(ApiResponse.Ok("Branch selected successfully", ChatroomEndpoints.PathData(id, path)))
            : Refused(result);
    }

    /// <param name="messageId">The message's <c>id</c>; it and every message under it are deleted.</param>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, int messageId, HttpContext httpContext, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IChatroomGrain>(id).DeleteMessageAsync(httpContext.User.GetUserId(), messageId);
        return result.Status == BranchStatus.Done ? TypedResults.NoContent() : Refused(result);
    }

    private static ProblemHttpResult Refused(BranchResult result) => result.Status switch
    {
        BranchStatus.OnlyChild => ApiProblems.Conflict(result.Detail!),
        BranchStatus.MessageNotFound => ApiProblems.NotFound(result.Detail!),
        _ => ApiProblems.NotFound("Chatroom not found."),
    };
}
