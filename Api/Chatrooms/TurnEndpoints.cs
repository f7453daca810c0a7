using GeminiClone.Api.Validation;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Hosting;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// Turns: send, regenerate and edit (each answers JSON, or server-sent events with <c>Accept: text/event-stream</c>),
/// follow a turn's events from any gateway, and stop it.
/// </summary>
public static class TurnEndpoints
{
    private const string TurnNotFoundDetail = TurnIds.UnknownDetail;

    public static RouteGroupBuilder MapTurnApi(this RouteGroupBuilder chatrooms)
    {
        chatrooms.MapPost("/{id:length(1,64)}/message", SendMessageAsync).WithName("SendMessage")
            .WithSummary("Send a message and get Gemini's reply; with Accept: text/event-stream the reply streams as server-sent events")
            .ProducesTurn().ChecksSessionInTurn();
        chatrooms.MapPost("/{id:length(1,64)}/regenerate", RegenerateAsync).WithName("Regenerate")
            .WithSummary("Ask the current path's last question again; the new answer is a sibling of the last one (listed among its versions)")
            .ProducesTurn().ChecksSessionInTurn();
        chatrooms.MapPost("/{id:length(1,64)}/messages/{messageId:int}/regenerate", RegenerateMessageAsync).WithName("RegenerateMessage")
            .WithSummary("Ask an answer's question again with that branch's history; the new answer is its sibling and the current path (409 for a question)")
            .ProducesTurn().ChecksSessionInTurn();
        chatrooms.MapPatch("/{id:length(1,64)}/messages/{messageId:int}", EditAsync).WithName("EditMessage")
            .WithSummary("Rewrite any question: a sibling question with the new text, answered with that branch's history, becomes the current path (409 for an answer)")
            .ProducesTurn().ChecksSessionInTurn();
        chatrooms.MapGet("/{id:length(1,64)}/turns/{turnId:length(1,64)}/events", FollowAsync).WithName("FollowTurn")
            .WithSummary("A turn's server-sent events after Last-Event-ID (or from its start), live while it generates, from any server")
            .Produces<string>(contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        chatrooms.MapPost("/{id:length(1,64)}/turns/{turnId:length(1,64)}/stop", StopTurnAsync).WithName("StopTurn")
            .WithSummary("Stop a turn: the Gemini call is aborted and the partial answer, if any, is stored (idempotent)");
        chatrooms.MapPost("/{id:length(1,64)}/stop", StopAsync).WithName("StopChatroom")
            .WithSummary("Stop whatever turn is generating in this chatroom");
        return chatrooms;
    }

    /// <param name="thoughts">Ask for the model's thought summaries on this turn, whatever the chatroom's setting.</param>
    public static Task<Results<Ok<ChatTurnResponse>, ServerSentEventsResult<object>, ChatTurnProblem, ProblemHttpResult>> SendMessageAsync(
        string id, SendMessageRequest request, bool? thoughts, HttpContext httpContext, GrainReferences grains, ClusterOutages outages)
    {
        string[] attachments = [.. (request.Attachments ?? []).Distinct(StringComparer.Ordinal)];
        var turn = new ChatTurnRequest(request.Message?.Trim() ?? "", thoughts)
        {
            AttachmentIds = attachments.Length > 0 ? attachments : null,
            Tools = ToolNamesAttribute.Parse(request.Tools),
            Image = request.Image?.ToRequest(),
            ParentId = request.ParentId,
        };
        return TurnExchange.RunAsync(id, turn, "Chat processed successfully", httpContext, grains, outages);
    }

    /// <param name="thoughts">Ask for the model's thought summaries on this turn, whatever the chatroom's setting.</param>
    public static Task<Results<Ok<ChatTurnResponse>, ServerSentEventsResult<object>, ChatTurnProblem, ProblemHttpResult>> RegenerateAsync(
        string id, bool? thoughts, HttpContext httpContext, GrainReferences grains, ClusterOutages outages) =>
        TurnExchange.RunAsync(id, new ChatTurnRequest("", thoughts) { Kind = TurnKind.Regenerate }, "Reply regenerated successfully",
            httpContext, grains, outages);

    /// <param name="messageId">The answer's id (its <c>id</c> in the chatroom's messages).</param>
    /// <param name="thoughts">Ask for the model's thought summaries on this turn, whatever the chatroom's setting.</param>
    public static Task<Results<Ok<ChatTurnResponse>, ServerSentEventsResult<object>, ChatTurnProblem, ProblemHttpResult>> RegenerateMessageAsync(
        string id, int messageId, bool? thoughts, HttpContext httpContext, GrainReferences grains, ClusterOutages outages) =>
        TurnExchange.RunAsync(id, new ChatTurnRequest("", thoughts) { Kind = TurnKind.Regenerate, RegeneratedId = messageId },
            "Reply regenerated successfully", httpContext, grains, outages);

    /// <param name="messageId">The question's id (its <c>id</c> in the chatroom's messages; 0 is the first message).</param>
    /// <param name="thoughts">Ask for the model's thought summaries on this turn, whatever the chatroom's setting.</param>
    public static Task<Results<Ok<ChatTurnResponse>, ServerSentEventsResult<object>, ChatTurnProblem, ProblemHttpResult>> EditAsync(
        string id, int messageId, EditMessageRequest request, bool? thoughts, HttpContext httpContext, GrainReferences grains, ClusterOutages outages) =>
        TurnExchange.RunAsync(id, new ChatTurnRequest(request.Message.Trim(), thoughts) { Kind = TurnKind.Edit, EditedSequence = messageId },
            "Message edited and reply regenerated successfully", httpContext, grains, outages);

    public static Task<Results<ServerSentEventsResult<object>, ProblemHttpResult>> FollowAsync(
        string id, string turnId, HttpContext httpContext, GrainReferences grains, ClusterOutages outages) =>
        TurnExchange.FollowAsync(id, turnId, TurnNotFoundDetail, httpContext, grains, outages);

    public static async Task<Results<Ok<ApiResponse<TurnStopData>>, ProblemHttpResult>> StopTurnAsync(
        string id, string turnId, HttpContext httpContext, IGrainFactory grains)
    {
        if (!TurnIds.IsWellFormed(turnId))
        {
            return ApiProblems.NotFound(TurnNotFoundDetail);
        }

        var stop = await grains.GetGrain<IChatroomGrain>(id).StopTurnAsync(httpContext.User.GetUserId(), turnId);
        return stop.Status == TurnStopStatus.NotFound ? ApiProblems.NotFound(TurnNotFoundDetail) : Stopped(stop);
    }

    public static async Task<Results<Ok<ApiResponse<TurnStopData>>, ProblemHttpResult>> StopAsync(
        string id, HttpContext httpContext, IGrainFactory grains)
    {
        var stop = await grains.GetGrain<IChatroomGrain>(id).StopTurnAsync(httpContext.User.GetUserId(), turnId: null);
        return stop.Status == TurnStopStatus.NotFound ? ApiProblems.NotFound("Chatroom not found.") : Stopped(stop);
    }

    private static Ok<ApiResponse<TurnStopData>> Stopped(TurnStopResult stop)
    {
        var message = stop.Status switch
        {
            TurnStopStatus.Stopped when stop.Result?.Reply is not null => "Turn stopped; the partial answer was stored",
            TurnStopStatus.Stopped => "Turn stopped",
            TurnStopStatus.AlreadyEnded => "The turn had already ended",
            _ => "Nothing was generating",
        };
        var reply = stop.Result?.Reply is { } stored ? MessageData.From(stored) : null;
        return TypedResults.Ok(ApiResponse.Ok(message, new TurnStopData(stop.TurnId, stop.Status == TurnStopStatus.Stopped, reply)));
    }

    /// <summary>
    /// A turn answers JSON or an event stream on one 200 status, and the API explorer keeps one body per status: JSON
    /// is declared, the event stream and the Idempotency-Key header (read by hand) are added to the document here.
    /// </summary>
    private static RouteHandlerBuilder ProducesTurn(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<ChatTurnResponse>(contentType: "application/json")
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
            {
                content["text/event-stream"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }

            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.Header,
                In = ParameterLocation.Header,
                Description = "Retry safely: the same key with the same request within 24 hours answers the same turn again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKeys.MaxLength },
            });
            return Task.CompletedTask;
        })
        .ProducesValidationProblem();
}
