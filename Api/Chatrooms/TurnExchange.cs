using System.Net.ServerSentEvents;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Hosting;
using GeminiClone.Api.Problems;
using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// A turn over HTTP: sends one (or follows one) through a <see cref="TurnReader"/> and renders its events as the
/// JSON answer or the event stream, with the turn's headers (its events' <c>Location</c>, <c>Idempotent-Replayed</c>,
/// the RateLimit fields, the model's time as <c>Server-Timing</c>: a stream's until its first event). Until the first
/// words arrive a failure is still a plain status code, which clients handle best; after that it is the stream's
/// <c>error</c> event.
/// </summary>
internal static class TurnExchange
{
    public static async Task<Results<Ok<ChatTurnResponse>, ServerSentEventsResult<object>, ChatTurnProblem, ProblemHttpResult>> RunAsync(
        string chatroomId, ChatTurnRequest request, string successMessage, HttpContext httpContext, GrainReferences grains, ClusterOutages outages)
    {
        if (!IdempotencyKeys.TryRead(httpContext.Request, out var key))
        {
            return ApiProblems.BadRequest(IdempotencyKeys.FormatDetail);
        }

        var streamed = ChatTurnResponses.WantsEventStream(httpContext.Request);
        request = Named(request, key, streamed);
        TurnInFlight.Remember(httpContext, request.TurnId);
        var reader = ReaderFor(chatroomId, httpContext, grains, outages);
        if (!streamed)
        {
            var result = await reader.SendPlainAsync(request, httpContext.RequestAborted);
            Describe(httpContext.Response, chatroomId, result.TurnId, result);
            return TurnRendering.Json(chatroomId, result, successMessage) is { } answer ? TypedResults.Ok(answer) : new ChatTurnProblem(result);
        }

        // A client's retry (fetch-event-source re-sends the POST with the last event id it saw) continues after it.
        var readable = TurnEventIds.TryReadLastEventId(httpContext.Request, out var lastEvent);
        var metrics = httpContext.RequestServices.GetRequiredService<GatewayMetrics>();
        if (lastEvent is not null)
        {
            metrics.StreamResumed();
        }

        var head = await TurnHead.ReadAsync(reader.SendAsync(request, lastEvent?.Sequence, httpContext.RequestAborted));
        if (head.Ended is { Failed: true } failed)
        {
            await head.DisposeAsync();
            ChatTurnResponses.SetRateLimitHeaders(httpContext.Response, failed.Quota, failed.Images);
            return new ChatTurnProblem(failed);
        }

        var turnId = head.Joined ?? request.TurnId;
        if (turnId != request.TurnId && (!readable || (lastEvent is { } seen && seen.TurnId != turnId)))
        {
            await head.DisposeAsync();
            return ApiProblems.BadRequest(TurnEventIds.MismatchDetail(turnId));
        }

        Describe(httpContext.Response, chatroomId, turnId, head.Ended);
        if (turnId != request.TurnId)
        {
            httpContext.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        }
        else if (lastEvent is null)
        {
            // Only a stream this request started waited for the model from its start.
            ChatTurnResponses.SetFirstEventTiming(httpContext.Response, reader.ModelTimeToFirstEvent);
        }

        return EventStream(httpContext, head, turnId, metrics);
    }

    public static async Task<Results<ServerSentEventsResult<object>, ProblemHttpResult>> FollowAsync(
        string chatroomId, string turnId, string notFoundDetail, HttpContext httpContext, GrainReferences grains, ClusterOutages outages)
    {
        if (!TurnIds.IsWellFormed(turnId))
        {
            return ApiProblems.NotFound(notFoundDetail);
        }

        if (!TurnEventIds.TryReadLastEventId(httpContext.Request, out var lastEvent) || (lastEvent is { } seen && seen.TurnId != turnId))
        {
            return ApiProblems.BadRequest(TurnEventIds.MismatchDetail(turnId));
        }

        var metrics = httpContext.RequestServices.GetRequiredService<GatewayMetrics>();
        if (lastEvent is not null)
        {
            metrics.StreamResumed();
        }

        var reader = ReaderFor(chatroomId, httpContext, grains, outages);
        var head = await TurnHead.ReadAsync(reader.FollowAsync(turnId, lastEvent?.Sequence, httpContext.RequestAborted));
        if (head.Ended is { Status: ChatTurnStatus.TurnUnknown })
        {
            await head.DisposeAsync();
            return ApiProblems.NotFound(notFoundDetail);
        }

        return EventStream(httpContext, head, turnId, metrics);
    }

    /// <summary>The request as this HTTP request sends it: its own id, and the client's idempotency key or the gateway's.</summary>
    private static ChatTurnRequest Named(ChatTurnRequest request, string? key, bool streamed)
    {
        var requestId = Guid.CreateVersion7();
        return request with
        {
            RequestId = requestId,
            // Without the client's key, the gateway's own: its retries after a lost silo can then never run a turn twice.
            IdempotencyKey = key ?? IdempotencyKeys.GatewayKeyFor(requestId),
            IdempotencyKeyFromClient = key is not null,
            // A key made just now names no stored turn: the chatroom skips the lookup on this first sending only.
            FirstSendOfNewKey = key is null,
            Streamed = streamed,
        };
    }

    /// <summary>The turn's events from <paramref name="head"/> on, as the response's event stream.</summary>
    private static ServerSentEventsResult<object> EventStream(HttpContext httpContext, TurnHead head, string turnId, GatewayMetrics metrics)
    {
        httpContext.Response.Headers.CacheControl = "no-cache";
        ResponseHeaders.DropIdentityEncoding(httpContext.Response);
        return TypedResults.ServerSentEvents(metrics.Active(TurnRendering.Sse(head, turnId, httpContext.RequestAborted)));
    }

    private static TurnReader ReaderFor(string chatroomId, HttpContext httpContext, GrainReferences grains, ClusterOutages outages) =>
        new(grains.Get<IChatroomGrain>(chatroomId), httpContext.User.GetUserId(), httpContext.CredentialLeftToTurn(), RequestDeadline.Of(httpContext), outages);

    /// <summary>The headers every turn's answer carries: where its events are, whether it is a replay, the quota.</summary>
    private static void Describe(HttpResponse response, string chatroomId, string? turnId, ChatTurnResult? result)
    {
        if (turnId is not null)
        {
            response.Headers.Location = TurnLinks.Events(chatroomId, turnId);
        }

        if (result?.Replayed == true)
        {
            response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        }

        ChatTurnResponses.SetRateLimitHeaders(response, result?.Quota, result?.Images);
        ChatTurnResponses.SetServerTiming(response, result);
    }
}
