using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Chatrooms;

/// <summary>Ratings of answers: thumbs up or down, why, and a comment (the operators count them per model and day).</summary>
public static class FeedbackEndpoints
{
    private const string MessageNotFoundDetail = "Message not found: seq is a message's position in the chatroom (0 is its first).";

    public static RouteGroupBuilder MapFeedbackApi(this RouteGroupBuilder chatrooms)
    {
        chatrooms.MapPut("/{id:length(1,64)}/messages/{seq:int}/feedback", RateAsync).WithName("RateMessage")
            .WithSummary("Rate an answer (seq is its position): up or down, with a reason and a comment if you like; replaces an earlier rating")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        chatrooms.MapDelete("/{id:length(1,64)}/messages/{seq:int}/feedback", ClearAsync).WithName("ClearMessageRating")
            .WithSummary("Take back an answer's rating (204, also when it had none)")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return chatrooms;
    }

    /// <param name="seq">The answer's position in the chatroom (0 is its first message), as paging counts.</param>
    public static async Task<Results<Ok<ApiResponse<MessageData>>, ValidationProblem, ProblemHttpResult>> RateAsync(
        string id, int seq, RateMessageRequest request, HttpContext httpContext, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IChatroomGrain>(id).SetFeedbackAsync(httpContext.User.GetUserId(), seq, request.ToFeedback());
        return result is { Status: FeedbackStatus.Saved, Message: { } message }
            ? TypedResults.Ok(ApiResponse.Ok("Feedback saved successfully", MessageData.From(message)))
            : Refused(result.Status);
    }

    /// <param name="seq">The answer's position in the chatroom (0 is its first message), as paging counts.</param>
    public static async Task<Results<NoContent, ProblemHttpResult>> ClearAsync(string id, int seq, HttpContext httpContext, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IChatroomGrain>(id).SetFeedbackAsync(httpContext.User.GetUserId(), seq, feedback: null);
        return result.Status == FeedbackStatus.Saved ? TypedResults.NoContent() : Refused(result.Status);
    }

    private static ProblemHttpResult Refused(FeedbackStatus status) => status switch
    {
        FeedbackStatus.NotAnAnswer => ApiProblems.Unprocessable("seq", "Only answers can be rated; the message at this position is the user's own."),
        FeedbackStatus.MessageNotFound => ApiProblems.NotFound(MessageNotFoundDetail),
        _ => ApiProblems.NotFound("Chatroom not found."),
    };
}
