using GeminiClone.Api.Responses;
using GeminiClone.Api.Validation;
using System.ComponentModel.DataAnnotations;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GeminiClone.Api.Chatrooms;

public static class ChatroomEndpoints
{
    private const string NotFoundDetail = "Chatroom not found.";

    public static IEndpointRouteBuilder MapChatroomApi(this IEndpointRouteBuilder app)
    {
        var chatrooms = app.MapGroup("/chatroom").WithTags("Chatrooms").RequireAuthorization().RequireWellFormedId(NotFoundDetail);

        chatrooms.MapPost("/", CreateAsync).WithName("CreateChatroom").WithSummary("Create a chatroom").ProducesToolRefusals();
        chatrooms.MapGet("/", ListAsync).WithName("ListChatrooms").WithSummary("The caller's chatrooms, latest activity first");
        chatrooms.MapSearchApi();
        chatrooms.MapGet("/{id:length(1,64)}", GetAsync).WithName("GetChatroom")
            .WithSummary("A chatroom with its messages; page back through long histories with before and limit");
        chatrooms.MapPatch("/{id:length(1,64)}", UpdateAsync).WithName("UpdateChatroom")
            .WithSummary("Rename a chatroom or change its model, system instruction, thinking level, thought summaries or tools")
            .ProducesToolRefusals();
        chatrooms.MapDelete("/{id:length(1,64)}", DeleteAsync).WithName("DeleteChatroom").WithSummary("Delete a chatroom and its history");
        chatrooms.MapTurnApi();
        chatrooms.MapTitleApi();
        chatrooms.MapFeedbackApi();
        chatrooms.MapAttachmentApi();
        return app;
    }

    public static async Task<Results<Created<ApiResponse<ChatroomData>>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] CreateChatroomRequest? request,
        HttpContext httpContext, IGrainFactory grains)
    {
        // No title: the chatroom names itself (ChatroomLimits.DefaultTitle).
        var title = request?.Title?.Trim() is { Length: > 0 } given ? given : null;
        var id = ResourceIds.New();
        var change = request?.ToChange(title) ?? new ChatroomChange(title);
        var result = await grains.GetGrain<IChatroomGrain>(id).CreateAsync(httpContext.User.GetUserId(), change);
        return result switch
        {
            { Status: ChatroomChangeStatus.Changed, Chatroom: { } chatroom } =>
                TypedResults.Created($"/chatroom/{id}", ApiResponse.Ok("Chatroom created successfully", ChatroomData.From(chatroom))),
            { Status: ChatroomChangeStatus.Invalid } => ApiProblems.Invalid(result.Field!, result.Detail!),
            { Status: ChatroomChangeStatus.NotOnPlan } => ApiProblems.Status(StatusCodes.Status403Forbidden, result.Detail!),
            { Status: ChatroomChangeStatus.Unsupported } => ApiProblems.Unprocessable(result.Field!, result.Detail!),
            _ => ApiProblems.Conflict("You have reached the maximum number of chatrooms; delete one to create another."),
        };
    }

    public static async Task<Ok<ChatroomListResponse>> ListAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var chatrooms = await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId()).GetChatroomsAsync();
        var items = chatrooms.Select(ChatroomListItem.From).ToList();
        return TypedResults.Ok(new ChatroomListResponse(true, "Chatrooms fetched successfully", items.Count, items));
    }

    public static async Task<Results<Ok<ApiResponse<ChatroomData>>, ProblemHttpResult>> GetAsync(
        string id,
        [Range(0, int.MaxValue)] int? before,
        [Range(1, RequestLimits.PageMaxMessages)] int? limit,
        HttpContext httpContext,
        IGrainFactory grains)
    {
        var page = await grains.GetGrain<IChatroomGrain>(id)
            .GetPageAsync(httpContext.User.GetUserId(), before, limit ?? RequestLimits.PageMaxMessages);
        if (page is null)
        {
            return ApiProblems.NotFound(NotFoundDetail);
        }

        var data = ChatroomData.From(
            page.Chatroom,
            [.. page.Messages.Select(MessageData.From)],
            new PagingData(page.FirstSequence, page.HasOlder, page.Chatroom.MessageCount)) with
        {
            Generating = page.Generating is { } progress ? TurnProgressData.From(id, progress) : null,
            Attachments = page.Attachments is { } attachments ? [.. attachments.Select(AttachmentData.From)] : null,
        };
        return TypedResults.Ok(ApiResponse.Ok("Chatroom fetched successfully", data));
    }

    public static async Task<Results<Ok<ApiResponse<ChatroomData>>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, UpdateChatroomRequest request, HttpContext httpContext, IGrainFactory grains)
    {
        if (request is { TitleSent: true, Title: null })
        {
            return ApiProblems.Invalid("title", "A title cannot be null: leave title out to keep the current one, or send the new title.");
        }

        if (request.ChangesNothing)
        {
            return ApiProblems.BadRequest("Nothing to change: send title, model, systemInstruction, thinkingLevel, includeThoughts or tools.");
        }

        var result = await grains.GetGrain<IChatroomGrain>(id).ChangeAsync(httpContext.User.GetUserId(), request.ToChange());
        return result switch
        {
            { Status: ChatroomChangeStatus.Changed, Chatroom: { } chatroom } => TypedResults.Ok(ApiResponse.Ok(
                request.Title is not null ? "Chatroom renamed successfully" : "Chatroom updated successfully", ChatroomData.From(chatroom))),
            { Status: ChatroomChangeStatus.Invalid } => ApiProblems.Invalid(result.Field!, result.Detail!),
            { Status: ChatroomChangeStatus.NotOnPlan } => ApiProblems.Status(StatusCodes.Status403Forbidden, result.Detail!),
            { Status: ChatroomChangeStatus.Unsupported } => ApiProblems.Unprocessable(result.Field!, result.Detail!),
            _ => ApiProblems.NotFound(NotFoundDetail),
        };
    }

    /// <summary>Tools the plan does not include (403) or the model does not take (422).</summary>
    private static RouteHandlerBuilder ProducesToolRefusals(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Ok<ApiResponse<object?>>, ProblemHttpResult>> DeleteAsync(
        string id, HttpContext httpContext, IGrainFactory grains)
    {
        return await grains.GetGrain<IChatroomGrain>(id).DeleteAsync(httpContext.User.GetUserId())
            ? TypedResults.Ok(ApiResponse.Ok<object?>("Chatroom deleted successfully", null))
            : ApiProblems.NotFound(NotFoundDetail);
    }
}
