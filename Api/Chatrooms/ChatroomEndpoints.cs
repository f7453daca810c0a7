using GeminiClone.Api.Responses;
using GeminiClone.Api.Validation;
using System.ComponentModel.DataAnnotations;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Preferences;
using GeminiClone.Api.Problems;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GeminiClone.Api.Chatrooms;

public static class ChatroomEndpoints
{
    private const string NotFoundDetail = "Chatroom not found.";
    private const string FolderNotFoundDetail = "Folder not found.";

    public static IEndpointRouteBuilder MapChatroomApi(this IEndpointRouteBuilder app)
    {
        var chatrooms = app.MapGroup("/chatroom").WithTags("Chatrooms").RequireAuthorization().RequireWellFormedId(NotFoundDetail);

        chatrooms.MapPost("/", CreateAsync).WithName("CreateChatroom").WithSummary("Create a chatroom, optionally from one of your Gems")
            .ProducesToolRefusals().ProducesProblem(StatusCodes.Status404NotFound);
        chatrooms.MapGet("/", ListAsync).WithName("ListChatrooms")
            .WithSummary("The caller's chatrooms, pinned first, then latest activity first; archived, temporary or one folder's on request, paged with limit and cursor")
            .ProducesProblem(StatusCodes.Status404NotFound);
        chatrooms.MapSearchApi();
        chatrooms.MapGet("/{id:length(1,64)}", GetAsync).WithName("GetChatroom")
            .WithSummary("A chatroom with its current path of messages, root to leaf, each with its id, parent and siblings; page back with before and limit");
        chatrooms.MapPatch("/{id:length(1,64)}", UpdateAsync).WithName("UpdateChatroom")
            .WithSummary("Rename, pin, archive or file a chatroom, or change its model, system instruction, thinking level, thought summaries or tools")
            .ProducesToolRefusals();
        chatrooms.MapDelete("/{id:length(1,64)}", DeleteAsync).WithName("DeleteChatroom").WithSummary("Delete a chatroom and its history");
        chatrooms.MapTurnApi();
        chatrooms.MapBranchApi();
        chatrooms.MapTitleApi();
        chatrooms.MapFeedbackApi();
        chatrooms.MapAttachmentApi();
        return app;
    }

    public static async Task<Results<Created<ApiResponse<ChatroomData>>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] CreateChatroomRequest? request,
        HttpContext httpContext, IGrainFactory grains)
    {
        // A gemId that cannot be one of ours is not the caller's Gem: a 404 like another user's, as for route ids.
        if (request?.GemId is { } gemId && !ResourceIds.IsWellFormed(gemId.Trim()))
        {
            return ApiProblems.NotFound(GemEndpoints.NotFoundDetail);
        }

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
            // A missing or foreign Gem is a 404, as a foreign folder is: naming another user's resource never reveals it.
            { Status: ChatroomChangeStatus.GemNotFound } => ApiProblems.NotFound(GemEndpoints.NotFoundDetail),
            _ => ApiProblems.Conflict("You have reached the maximum number of chatrooms; delete one to create another."),
        };
    }

    /// <param name="archived">true: only archived chatrooms (default: only those not archived).</param>
    /// <param name="temporary">true: only temporary chats (default: only lasting ones).</param>
    /// <param name="folder">Only the chatrooms in this folder of the caller's.</param>
    /// <param name="limit">A page of at most this many, with <c>nextCursor</c> while more follow; without limit and cursor, all of them.</param>
    /// <param name="cursor">The previous page's <c>nextCursor</c>.</param>
    public static async Task<Results<Ok<ChatroomListResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(
        bool? archived,
        bool? temporary,
        [StringLength(64)] string? folder,
        [Range(1, ChatroomListLimits.MaxLimit)] int? limit,
        [StringLength(256)] string? cursor,
        HttpContext httpContext,
        IGrainFactory grains)
    {
        if (folder is not null && !ResourceIds.IsWellFormed(folder))
        {
            return ApiProblems.NotFound(FolderNotFoundDetail);
        }

        var query = new ChatroomListQuery(archived ?? false, temporary ?? false, folder, limit ?? (cursor is null ? null : ChatroomListLimits.DefaultLimit), cursor);
        var page = await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId()).ListChatroomsAsync(query);
        var items = page.Chatrooms.Select(ChatroomListItem.From).ToList();
        return page.Status switch
        {
            ChatroomListStatus.Listed => TypedResults.Ok(
                new ChatroomListResponse(true, "Chatrooms fetched successfully", items.Count, items) { NextCursor = page.NextCursor }),
            ChatroomListStatus.FolderNotFound => ApiProblems.NotFound(FolderNotFoundDetail),
            _ => ApiProblems.Invalid("cursor", "The cursor is not one this list returned."),
        };
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

        return TypedResults.Ok(ApiResponse.Ok("Chatroom fetched successfully", PathData(id, page)));
    }

    /// <summary>A page of the current path as <c>GET /chatroom/:id</c> answers it (and <c>select</c>).</summary>
    internal static ChatroomData PathData(string id, ChatroomPage page) => ChatroomData.From(
        page.Chatroom,
        [.. page.Messages.Select((message, i) => MessageData.From(message, page.Places is { } places ? places[i] : null))],
        new PagingData(page.FirstSequence, page.HasOlder, page.PathLength ?? page.Chatroom.MessageCount)) with
    {
        Generating = page.Generating is { } progress ? TurnProgressData.From(id, progress) : null,
        Attachments = page.Attachments is { } attachments ? [.. attachments.Select(AttachmentData.From)] : null,
    };

    public static async Task<Results<Ok<ApiResponse<ChatroomData>>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, UpdateChatroomRequest request, HttpContext httpContext, IGrainFactory grains)
    {
        if (request is { TitleSent: true, Title: null })
        {
            return ApiProblems.Invalid("title", "A title cannot be null: leave title out to keep the current one, or send the new title.");
        }

        if (request.TemporarySent)
        {
            return ApiProblems.Invalid("temporary", "A chatroom is temporary or not from its creation and cannot change; create a new chatroom instead.");
        }

        if (request is { FolderIdSent: true, FolderId: { } folder } && !ResourceIds.IsWellFormed(folder))
        {
            return ApiProblems.NotFound(FolderNotFoundDetail);
        }

        if (request.ChangesNothing)
        {
            return ApiProblems.BadRequest(
                "Nothing to change: send title, model, systemInstruction, thinkingLevel, includeThoughts, tools, pinned, archived or folderId.");
        }

        var result = await grains.GetGrain<IChatroomGrain>(id).ChangeAsync(httpContext.User.GetUserId(), request.ToChange());
        return result switch
        {
            { Status: ChatroomChangeStatus.Changed, Chatroom: { } chatroom } => TypedResults.Ok(ApiResponse.Ok(
                request.Title is not null ? "Chatroom renamed successfully" : "Chatroom updated successfully", ChatroomData.From(chatroom))),
            { Status: ChatroomChangeStatus.Invalid } => ApiProblems.Invalid(result.Field!, result.Detail!),
            { Status: ChatroomChangeStatus.NotOnPlan } => ApiProblems.Status(StatusCodes.Status403Forbidden, result.Detail!),
            { Status: ChatroomChangeStatus.Unsupported } => ApiProblems.Unprocessable(result.Field!, result.Detail!),
            // Another user's folder is a 404 like a missing one (the contract's rule for anything not the caller's).
            { Status: ChatroomChangeStatus.FolderNotFound } => ApiProblems.NotFound(FolderNotFoundDetail),
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
