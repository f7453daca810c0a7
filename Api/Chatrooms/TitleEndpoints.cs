using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// A chatroom's title as the model makes it: after the first answer on its own (see the SSE <c>title</c> event), and
/// again whenever the owner asks.
/// </summary>
public static class TitleEndpoints
{
    public static RouteGroupBuilder MapTitleApi(this RouteGroupBuilder chatrooms)
    {
        chatrooms.MapGet("/{id:length(1,64)}/title", GetAsync).WithName("GetChatroomTitle")
            .WithSummary("The chatroom's title, whether you chose it, and whether the model is making its first one now");
        chatrooms.MapPost("/{id:length(1,64)}/title", RetitleAsync).WithName("RetitleChatroom")
            .WithSummary("Ask the model for a new title now (no quota); it replaces the current one, also one you chose")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return chatrooms;
    }

    public static async Task<Results<Ok<ApiResponse<TitleData>>, ProblemHttpResult>> GetAsync(string id, HttpContext httpContext, IGrainFactory grains) =>
        await grains.GetGrain<IChatroomGrain>(id).GetTitleStateAsync(httpContext.User.GetUserId()) is { } state
            ? TypedResults.Ok(ApiResponse.Ok("Title fetched successfully", TitleData.From(state)))
            : ApiProblems.NotFound("Chatroom not found.");

    public static async Task<Results<Ok<ApiResponse<ChatroomData>>, TitleProblem, ProblemHttpResult>> RetitleAsync(
        string id, HttpContext httpContext, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IChatroomGrain>(id).RetitleAsync(httpContext.User.GetUserId());
        return result switch
        {
            { Status: RetitleStatus.Titled, Chatroom: { } chatroom } =>
                TypedResults.Ok(ApiResponse.Ok("Chatroom titled successfully", ChatroomData.From(chatroom))),
            { Status: RetitleStatus.NoMessages } =>
                ApiProblems.Conflict("The chatroom has no messages to make a title of yet; send one first."),
            { Status: RetitleStatus.Failed, Failure: { } failure } => new TitleProblem(
                new ChatTurnResult(failure, Detail: result.Detail) { RetryAfter = result.RetryAfter }),
            _ => ApiProblems.NotFound("Chatroom not found."),
        };
    }
}

/// <summary>Gemini made no title: the same problem a turn failing so would get (502, 503 with Retry-After, 504, or 422 when blocked).</summary>
public sealed class TitleProblem(ChatTurnResult result) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => ChatTurnResponses.StatusCodeOf(result.Status);

    public Task ExecuteAsync(HttpContext httpContext) => ChatTurnResponses.Problem(result).ExecuteAsync(httpContext);
}
