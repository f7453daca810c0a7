using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// Runs a turn over HTTP and follows one: the JSON answer or the event stream, the turn's headers (its events'
/// <c>Location</c>, <c>Idempotent-Replayed</c>, the RateLimit fields), and a reader's resume after <c>Last-Event-ID</c>.
/// </summary>
internal static class TurnExchange
{
    /// <summary>How often a reader following a turn asks the chatroom whether it ended, in case the end was lost.</summary>
    private static readonly TimeSpan FollowCheckEvery = TimeSpan.FromSeconds(5);

    public static async Task<Results<Ok<ChatTurnResponse>, ServerSentEventsResult<object>, ChatTurnProblem, ProblemHttpResult>> RunAsync(
        string chatroomId, ChatTurnRequest request, string successMessage, HttpContext httpContext, IGrainFactory grains, ClusterOutages outages)
    {
        if (!IdempotencyKeys.TryRead(httpContext.Request, out var key))
        {
            return ApiProblems.BadRequest(IdempotencyKeys.FormatDetail);
        }

        request = request with
        {
            RequestId = Guid.CreateVersion7(),
            // Without the client's key, the gateway's own: its retries after a lost silo can then never run a turn twice.
            IdempotencyKey = key ?? IdempotencyKeys.NewGatewayKey(),
            IdempotencyKeyFromClient = key is not null,
        };
        var chatroom = grains.GetGrain<IChatroomGrain>(chatroomId);
        var userId = httpContext.User.GetUserId();
        var deadline = RequestDeadline.Of(httpContext);
        if (!ChatTurnResponses.WantsEventStream(httpContext.Request))
        {
            var result = await TurnWatch.SendAsync(chatroom, userId, request, observer: null, deadline, outages, requestAborted: httpContext.RequestAborted);
            Describe(httpContext.Response, chatroomId, result);
            return result switch
            {
                { Status: ChatTurnStatus.Replied, Reply: { } reply } => TypedResults.Ok(new ChatTurnResponse(
                    true, successMessage, reply.Text, MessageData.From(reply), result.Notice, TurnData.From(chatroomId, result))),
                { Status: ChatTurnStatus.Stopped } => TypedResults.Ok(new ChatTurnResponse(
                    true, "Stopped before Gemini wrote any answer; nothing was stored", "", null, null, TurnData.From(chatroomId, result))),
                _ => new ChatTurnProblem(result),
            };
        }

        if (key is not null && await deadline.BoundAsync(chatroom.FindRunningTurnAsync(userId, request), httpContext.RequestAborted) is { } running)
        {
            // The client's retry of a turn that is still generating follows it live, from its start.
            httpContext.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
            httpContext.Response.Headers.Location = TurnLinks.Events(chatroomId, running);
            return (await FollowAsync(chatroomId, running, "The turn this key names has just ended; send again.", httpContext, grains)).Result switch
            {
                ServerSentEventsResult<object> events => events,
                ProblemHttpResult problem => problem,
                var other => throw new InvalidOperationException($"Unexpected result {other.GetType()}."),
            };
        }

        var relay = new ChatStreamRelay(grains);
        // A stream is asked again after a lost silo only while none of its words has reached the client.
        var turn = TurnWatch.SendAsync(chatroom, userId, request, relay.Reference, deadline, outages,
            mayRepeat: () => !relay.FirstPiece.IsCompleted, requestAborted: httpContext.RequestAborted);
        // Until the first words arrive a failure can still be a plain status code, which clients handle best.
        await Task.WhenAny(relay.FirstPiece, turn);
        var early = turn.IsCompleted ? await turn : null;
        if (early is { Status: not (ChatTurnStatus.Replied or ChatTurnStatus.Stopped) })
        {
            relay.ReleaseWhenDone(turn);
            ChatTurnResponses.SetRateLimitHeaders(httpContext.Response, early.Quota);
            return new ChatTurnProblem(early);
        }

        var turnId = early?.TurnId ?? request.TurnId;
        if (early is { Replayed: true })
        {
            // The client's retry of a turn that has ended (fetch-event-source re-sends the POST with Last-Event-ID):
            // answered as the resume route answers it, so a reader that saw event n gets only what follows n.
            relay.ReleaseWhenDone(turn);
            if (!TryReadLastEventId(httpContext.Request, turnId, out var after))
            {
                return ApiProblems.BadRequest($"Last-Event-ID must be an event id of this turn, \"{turnId}:<sequence>\", as its events carry.");
            }

            Describe(httpContext.Response, chatroomId, early);
            httpContext.Response.Headers.CacheControl = "no-cache";
            return TypedResults.ServerSentEvents(ReplayEnded(turnId, early, fromStart: after is null));
        }

        Describe(httpContext.Response, chatroomId, early ?? new ChatTurnResult(ChatTurnStatus.Replied) { TurnId = turnId });
        httpContext.Response.Headers.CacheControl = "no-cache";
        return TypedResults.ServerSentEvents(relay.StreamAsync(turnId, turn, catchUp: null, httpContext.RequestAborted));
    }

    public static async Task<Results<ServerSentEventsResult<object>, ProblemHttpResult>> FollowAsync(
        string chatroomId, string turnId, string notFoundDetail, HttpContext httpContext, IGrainFactory grains)
    {
        if (!IsWellFormedTurnId(turnId))
        {
            return ApiProblems.NotFound(notFoundDetail);
        }

        if (!TryReadLastEventId(httpContext.Request, turnId, out var after))
        {
            return ApiProblems.BadRequest($"Last-Event-ID must be an event id of this turn, \"{turnId}:<sequence>\", as its events carry.");
        }

        var chatroom = grains.GetGrain<IChatroomGrain>(chatroomId);
        var userId = httpContext.User.GetUserId();
        var relay = new ChatStreamRelay(grains);
        var deadline = RequestDeadline.Of(httpContext);
        TurnAttachment attachment;
        try
        {
            // Abandoning it at the deadline is harmless: the relay is released below, and the chatroom drops a
            // reader it cannot reach.
            attachment = await deadline.BoundAsync(chatroom.AttachToTurnAsync(userId, turnId, after, relay.Reference), httpContext.RequestAborted);
        }
        catch
        {
            relay.ReleaseWhenDone(Task.CompletedTask);
            throw;
        }

        httpContext.Response.Headers.CacheControl = "no-cache";
        switch (attachment)
        {
            case { Status: TurnAttachStatus.Live }:
                relay.StartAt(attachment.NextSequence);
                var ended = WaitForEndAsync(chatroom, userId, turnId, relay, deadline, httpContext.RequestAborted);
                return TypedResults.ServerSentEvents(relay.StreamAsync(turnId, ended, attachment, httpContext.RequestAborted));
            case { Status: TurnAttachStatus.Ended, Result: { } result }:
                relay.ReleaseWhenDone(Task.CompletedTask);
                return TypedResults.ServerSentEvents(ReplayEnded(turnId, result, fromStart: after is null));
            default:
                relay.ReleaseWhenDone(Task.CompletedTask);
                return ApiProblems.NotFound(notFoundDetail);
        }
    }

    /// <summary>Turn ids are the 32 hex digits of a GUID; anything else cannot name one.</summary>
    public static bool IsWellFormedTurnId(string turnId) => turnId.Length == 32 && Guid.TryParseExact(turnId, "N", out _);

    /// <summary>Absent: from the start. Else <c>&lt;turnId&gt;:&lt;sequence&gt;</c> of this turn, as its events carry.</summary>
    private static bool TryReadLastEventId(HttpRequest request, string turnId, out int? after)
    {
        after = null;
        var value = request.Headers["Last-Event-ID"].ToString();
        if (value.Length == 0)
        {
            return true;
        }

        var separator = value.LastIndexOf(':');
        if (separator < 0 || !value.AsSpan(0, separator).SequenceEqual(turnId)
            || !int.TryParse(value.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        after = sequence;
        return true;
    }

    /// <summary>
    /// A followed turn's outcome: from the grain's own word when it ends, or, should that word be lost (a silo died),
    /// from asking the chatroom again every few seconds; a turn the chatroom no longer knows was lost with its silo.
    /// As for <see cref="TurnWatch"/>, the deadline bounds only how long the chatroom goes unheard: each answer
    /// renews it, and once it passes unanswered the stream ends with an <c>error</c> event (try again shortly).
    /// </summary>
    private static async Task<ChatTurnResult> WaitForEndAsync(
        IChatroomGrain chatroom, string userId, string turnId, ChatStreamRelay relay, RequestDeadline deadline,
        CancellationToken requestAborted)
    {
        while (true)
        {
            try
            {
                return await relay.EndedByGrain.WaitAsync(FollowCheckEvery < deadline.Remaining ? FollowCheckEvery : deadline.Remaining, requestAborted);
            }
            catch (TimeoutException)
            {
            }

            TurnAttachment check;
            try
            {
                check = await deadline.BoundAsync(chatroom.AttachToTurnAsync(userId, turnId, int.MaxValue, relay.Reference), requestAborted);
                deadline.Renew();
            }
            catch (Exception e) when (ClusterOutages.IsClusterUnreachable(e))
            {
                if (deadline.HasPassed)
                {
                    throw;
                }

                continue;
            }

            switch (check.Status)
            {
                case TurnAttachStatus.Ended:
                    return check.Result!;
                case TurnAttachStatus.NotFound:
                    return new ChatTurnResult(ChatTurnStatus.StorageUnavailable,
                        Detail: "The turn was lost with the server that ran it and nothing was stored; send the message again.");
            }
        }
    }

    /// <summary>
    /// A turn that has ended: from the start, its whole answer as one <c>thought</c> and one <c>delta</c>; after an
    /// event id, only <c>done</c>, whose message is the whole stored answer (the pieces' boundaries are not kept).
    /// </summary>
    private static async IAsyncEnumerable<SseItem<object>> ReplayEnded(
        string turnId, ChatTurnResult result, bool fromStart, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        if (result.Status is not (ChatTurnStatus.Replied or ChatTurnStatus.Stopped))
        {
            yield return new SseItem<object>(ChatTurnResponses.ProblemBody(result), "error");
            yield break;
        }

        if (fromStart && result.Reply is { } reply)
        {
            if (reply.Thoughts is { } thoughts)
            {
                yield return new SseItem<object>(new ChatStreamDelta(thoughts), "thought") { EventId = ChatStreamRelay.EventId(turnId, 0) };
            }

            yield return new SseItem<object>(new ChatStreamDelta(reply.Text), "delta") { EventId = ChatStreamRelay.EventId(turnId, 0) };
        }

        yield return new SseItem<object>(ChatStreamDone.Of(result with { TurnId = turnId }), "done");
    }

    /// <summary>The headers every turn's answer carries: where its events are, whether it is a replay, the quota.</summary>
    private static void Describe(HttpResponse response, string chatroomId, ChatTurnResult result)
    {
        if (result.TurnId is { } turnId)
        {
            response.Headers.Location = TurnLinks.Events(chatroomId, turnId);
        }

        if (result.Replayed)
        {
            response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        }

        ChatTurnResponses.SetRateLimitHeaders(response, result.Quota);
    }
}
