using GeminiClone.Api.Responses;
using GeminiClone.Api.Validation;
using System.ComponentModel.DataAnnotations;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace GeminiClone.Api.Chatrooms;

public static class ChatroomEndpoints
{
    private const string NotFoundDetail = "Chatroom not found.";

    public static IEndpointRouteBuilder MapChatroomApi(this IEndpointRouteBuilder app)
    {
        var chatrooms = app.MapGroup("/chatroom").WithTags("Chatrooms").RequireAuthorization().RequireWellFormedId(NotFoundDetail);

        chatrooms.MapPost("/", CreateAsync).WithName("CreateChatroom").WithSummary("Create a chatroom");
        chatrooms.MapGet("/", ListAsync).WithName("ListChatrooms").WithSummary("The caller's chatrooms, latest activity first");
        chatrooms.MapGet("/{id:length(1,64)}", GetAsync).WithName("GetChatroom")
            .WithSummary("A chatroom with its messages; page back through long histories with before and limit");
        chatrooms.MapPatch("/{id:length(1,64)}", UpdateAsync).WithName("UpdateChatroom")
            .WithSummary("Rename a chatroom or change its model, system instruction, thinking level or thought summaries");
        chatrooms.MapDelete("/{id:length(1,64)}", DeleteAsync).WithName("DeleteChatroom").WithSummary("Delete a chatroom and its history");
        chatrooms.MapPost("/{id:length(1,64)}/message", SendMessageAsync).WithName("SendMessage")
            .WithSummary("Send a message and get Gemini's reply; with Accept: text/event-stream the reply streams as server-sent events")
            // Both 200 bodies share one status code, and the API explorer keeps one body per status: JSON here, the
            // event stream added to the document below.
            .Produces<ChatTurnResponse>(contentType: "application/json")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
                {
                    content["text/event-stream"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                }

                // Read by hand (IdempotencyKeys), so declared here.
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyKeys.Header,
                    In = ParameterLocation.Header,
                    Description = "Retry safely: the same key with the same message within 24 hours answers the stored turn again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKeys.MaxLength },
                });
                return Task.CompletedTask;
            })
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<Created<ApiResponse<ChatroomData>>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] CreateChatroomRequest? request,
        HttpContext httpContext, IGrainFactory grains)
    {
        var title = request?.Title?.Trim() is { Length: > 0 } given ? given : ChatroomOptions.DefaultTitle;
        var id = ResourceIds.New();
        var change = request?.ToChange(title) ?? new ChatroomChange(title);
        var result = await grains.GetGrain<IChatroomGrain>(id).CreateAsync(httpContext.User.GetUserId(), change);
        return result switch
        {
            { Status: ChatroomChangeStatus.Changed, Chatroom: { } chatroom } =>
                TypedResults.Created($"/chatroom/{id}", ApiResponse.Ok("Chatroom created successfully", ChatroomData.From(chatroom))),
            { Status: ChatroomChangeStatus.Invalid } => ApiProblems.Invalid(result.Field!, result.Detail!),
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
            new PagingData(page.FirstSequence, page.HasOlder, page.Chatroom.MessageCount));
        return TypedResults.Ok(ApiResponse.Ok("Chatroom fetched successfully", data));
    }

    public static async Task<Results<Ok<ApiResponse<ChatroomData>>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, UpdateChatroomRequest request, HttpContext httpContext, IGrainFactory grains)
    {
        if (request.ChangesNothing)
        {
            return ApiProblems.BadRequest("Nothing to change: send title, model, systemInstruction, thinkingLevel or includeThoughts.");
        }

        var result = await grains.GetGrain<IChatroomGrain>(id).ChangeAsync(httpContext.User.GetUserId(), request.ToChange());
        return result switch
        {
            { Status: ChatroomChangeStatus.Changed, Chatroom: { } chatroom } => TypedResults.Ok(ApiResponse.Ok(
                request.Title is not null ? "Chatroom renamed successfully" : "Chatroom updated successfully", ChatroomData.From(chatroom))),
            { Status: ChatroomChangeStatus.Invalid } => ApiProblems.Invalid(result.Field!, result.Detail!),
            _ => ApiProblems.NotFound(NotFoundDetail),
        };
    }

    public static async Task<Results<Ok<ApiResponse<object?>>, ProblemHttpResult>> DeleteAsync(
        string id, HttpContext httpContext, IGrainFactory grains)
    {
        return await grains.GetGrain<IChatroomGrain>(id).DeleteAsync(httpContext.User.GetUserId())
            ? TypedResults.Ok(ApiResponse.Ok<object?>("Chatroom deleted successfully", null))
            : ApiProblems.NotFound(NotFoundDetail);
    }

    /// <param name="thoughts">Ask for the model's thought summaries on this turn, whatever the chatroom's setting.</param>
    public static async Task<Results<Ok<ChatTurnResponse>, ServerSentEventsResult<object>, ChatTurnProblem, ProblemHttpResult>> SendMessageAsync(
        string id, SendMessageRequest request, bool? thoughts, HttpContext httpContext, IGrainFactory grains, ClusterOutages outages)
    {
        var chatroom = grains.GetGrain<IChatroomGrain>(id);
        var userId = httpContext.User.GetUserId();
        if (!IdempotencyKeys.TryRead(httpContext.Request, out var key))
        {
            return ApiProblems.BadRequest(IdempotencyKeys.FormatDetail);
        }

        var turnRequest = new ChatTurnRequest(request.Message.Trim(), thoughts)
        {
            // Without the client's key, the gateway's own: its retries after a lost silo can then never run a turn twice.
            IdempotencyKey = key ?? IdempotencyKeys.NewGatewayKey(),
            IdempotencyKeyFromClient = key is not null,
        };

        if (!ChatTurnResponses.WantsEventStream(httpContext.Request))
        {
            var result = await TurnWatch.SendAsync(chatroom, userId, turnRequest, observer: null, outages, httpContext.RequestAborted);
            ChatTurnResponses.SetRateLimitHeaders(httpContext.Response, result.Quota);
            if (result.Replayed)
            {
                httpContext.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
            }

            return result is { Status: ChatTurnStatus.Replied, Reply: { } reply }
                ? TypedResults.Ok(new ChatTurnResponse(true, "Chat processed successfully", reply.Text, MessageData.From(reply), result.Notice))
                : new ChatTurnProblem(result);
        }

        var relay = new ChatStreamRelay(grains);
        var turn = TurnWatch.SendAsync(chatroom, userId, turnRequest, relay.Reference);
        // Until the first words arrive a failure can still be a plain status code, which clients handle best.
        await Task.WhenAny(relay.FirstDelta, turn);
        if (turn.IsCompleted && await turn is { Status: not ChatTurnStatus.Replied } failed)
        {
            relay.ReleaseWhenDone(turn);
            ChatTurnResponses.SetRateLimitHeaders(httpContext.Response, failed.Quota);
            return new ChatTurnProblem(failed);
        }

        httpContext.Response.Headers.CacheControl = "no-cache";
        return TypedResults.ServerSentEvents(relay.StreamAsync(turn, httpContext.RequestAborted));
    }
}
