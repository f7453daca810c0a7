using System.Globalization;
using GeminiClone.Api.Problems;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Mvc;

namespace GeminiClone.Api.Chatrooms;

/// <summary>How a turn's outcome is told over HTTP.</summary>
public static class ChatTurnResponses
{
    /// <summary>
    /// The problem type of a turn refused for the plan's monthly spending cap (RFC 9457 <c>type</c>; a tag URI, RFC
    /// 4151: it names the kind, and is not meant to be fetched).
    /// </summary>
    public const string SpendingCapType = "tag:geminiclone,2026:problems/spending-cap-reached";

    public const string SpendingCapTitle = "Monthly spending cap reached";

    public static int StatusCodeOf(ChatTurnStatus status) => status switch
    {
        ChatTurnStatus.Replied or ChatTurnStatus.Stopped => StatusCodes.Status200OK,
        ChatTurnStatus.SessionRevoked => StatusCodes.Status401Unauthorized,
        ChatTurnStatus.AccountSuspended => StatusCodes.Status403Forbidden,
        ChatTurnStatus.NotFound or ChatTurnStatus.TurnUnknown => StatusCodes.Status404NotFound,
        ChatTurnStatus.TooManyAttachments => StatusCodes.Status400BadRequest,
        ChatTurnStatus.ToolNotOnPlan => StatusCodes.Status403Forbidden,
        ChatTurnStatus.ToolUnsupported => StatusCodes.Status422UnprocessableEntity,
        ChatTurnStatus.QuotaExceeded or ChatTurnStatus.ImageQuotaExceeded or ChatTurnStatus.SpendingCapReached => StatusCodes.Status429TooManyRequests,
        ChatTurnStatus.ImagesUnsupported => StatusCodes.Status422UnprocessableEntity,
        ChatTurnStatus.Blocked or ChatTurnStatus.IdempotencyKeyReused => StatusCodes.Status422UnprocessableEntity,
        ChatTurnStatus.WrongMessageKind or ChatTurnStatus.NothingToRegenerate => StatusCodes.Status409Conflict,
        ChatTurnStatus.UnsupportedAttachment => StatusCodes.Status415UnsupportedMediaType,
        ChatTurnStatus.GeminiBadResponse => StatusCodes.Status502BadGateway,
        ChatTurnStatus.GeminiTimeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>
    /// A failed turn as a problem; over quota it says when the day's slots come back, and a reply Gemini withheld
    /// carries Gemini's reason (<c>reason</c>: <c>SAFETY</c>, <c>PROHIBITED_CONTENT</c>, ...).
    /// </summary>
    public static IResult Problem(ChatTurnResult result)
    {
        var detail = result.Detail ?? "The message could not be processed.";
        if (result.Status == ChatTurnStatus.AccountSuspended)
        {
            // The same body as every other route's refusal of a suspended account (AuthorizationProblems).
            return SuspendedAccount.Problem();
        }

        if (result.Status == ChatTurnStatus.SessionRevoked)
        {
            // The same words as the token check in front of every other route.
            return ApiProblems.Status(StatusCodes.Status401Unauthorized, Auth.JwtBearerSetup.RevokedDetail);
        }

        if (result is { Status: ChatTurnStatus.QuotaExceeded, Quota: { } quota })
        {
            return ApiProblems.TooManyRequests(detail, quota.ResetsAt - DateTimeOffset.UtcNow);
        }

        if (result is { Status: ChatTurnStatus.ImageQuotaExceeded, RetryAfter: { } imagesBack })
        {
            return ApiProblems.TooManyRequests(detail, imagesBack);
        }

        if (result is { Status: ChatTurnStatus.SpendingCapReached, RetryAfter: { } capLifts })
        {
            return ApiProblems.TooManyRequests(detail, capLifts, SpendingCapType, SpendingCapTitle);
        }

        // Gemini's own hint when it gave one; storage and Gemini outages pass, so a client should try again soon.
        var retryAfter = result.RetryAfter
            ?? (result.Status is ChatTurnStatus.StorageUnavailable or ChatTurnStatus.GeminiUnavailable or ChatTurnStatus.OutcomeUnknown
                ? Problems.ClusterOutages.RetryAfter : null);
        if (result is { Status: ChatTurnStatus.OutcomeUnknown, TurnId: { } unknownTurn })
        {
            return new TurnOutcomeUnknownProblem(detail, unknownTurn, retryAfter!.Value);
        }

        if (retryAfter is { } wait)
        {
            return ApiProblems.ServiceUnavailable(detail, wait);
        }

        return result.BlockReason is { } reason
            ? TypedResults.Problem(detail: detail, statusCode: StatusCodeOf(result.Status), extensions: new Dictionary<string, object?> { ["reason"] = reason })
            : ApiProblems.Status(StatusCodeOf(result.Status), detail);
    }

    /// <summary>The same problem, as the body of a server-sent <c>error</c> event once the stream has begun.</summary>
    public static ProblemDetails ProblemBody(ChatTurnResult result)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodeOf(result.Status),
            Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(StatusCodeOf(result.Status)),
            Detail = result.Detail,
            Extensions = { ["success"] = false, ["message"] = result.Detail },
        };
        if (result.BlockReason is { } reason)
        {
            problem.Extensions["reason"] = reason;
        }

        if (result.Status == ChatTurnStatus.SpendingCapReached)
        {
            (problem.Type, problem.Title) = (SpendingCapType, SpendingCapTitle);
        }

        if (result is { Status: ChatTurnStatus.OutcomeUnknown, TurnId: { } turnId })
        {
            problem.Extensions["turnId"] = turnId;
        }

        return problem;
    }

    /// <summary>
    /// IETF RateLimit header fields, so a client can pace itself before it hits 429: the day's messages as
    /// <c>RateLimit-Limit</c>/<c>-Remaining</c>/<c>-Reset</c> (as clients of the original read them), and, for a turn
    /// whose model draws, the day's images as the IETF draft's named policy:
    /// <c>RateLimit-Policy: "images";q=3;w=86400</c> and <c>RateLimit: "images";r=2;t=41000</c>.
    /// </summary>
    public static void SetRateLimitHeaders(HttpResponse response, QuotaSnapshot? quota, ImageAllowance? images = null)
    {
        if (quota is { Limit: { } limit })
        {
            response.Headers["RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            response.Headers["RateLimit-Remaining"] = (quota.Remaining ?? 0).ToString(CultureInfo.InvariantCulture);
            response.Headers["RateLimit-Reset"] = SecondsUntil(quota.ResetsAt).ToString(CultureInfo.InvariantCulture);
        }

        if (images is not null)
        {
            response.Headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture, $"\"images\";q={images.Limit};w=86400");
            response.Headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"images\";r={images.Remaining};t={SecondsUntil(images.ResetsAt)}");
        }
    }

    /// <summary>
    /// The W3C <c>Server-Timing</c> field with the time the turn waited for Gemini (<c>gemini;dur=203.4</c>, in
    /// milliseconds): what of a turn's latency is the model's and what is ours, per request, in a browser's developer
    /// tools or a load test. A replay waited for nothing, so it says nothing.
    /// </summary>
    public static void SetServerTiming(HttpResponse response, ChatTurnResult? result)
    {
        if (result is { Replayed: false, ModelTime: { } waited })
        {
            response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"gemini;desc=\"Gemini\";dur={waited.TotalMilliseconds:0.###}");
        }
    }

    /// <summary>
    /// A stream's <c>Server-Timing</c>: how long its turn waited for Gemini's first event (<c>gemini-first;dur=180.2</c>),
    /// so the time to the stream's first event splits into the model's and ours as a plain turn's does. The headers
    /// go out with the first words, when that wait is known.
    /// </summary>
    public static void SetFirstEventTiming(HttpResponse response, TimeSpan? waited)
    {
        if (waited is { } first)
        {
            response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"gemini-first;desc=\"Gemini's first event\";dur={first.TotalMilliseconds:0.###}");
        }
    }

    private static long SecondsUntil(DateTimeOffset at) => Math.Max(0, (long)Math.Ceiling((at - DateTimeOffset.UtcNow).TotalSeconds));

    public static bool WantsEventStream(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A turn whose write the database may or may not have committed (503 with <c>Retry-After</c>): the problem names the
/// turn (<c>turnId</c>) so the client can look for it, instead of claiming that nothing was stored.
/// </summary>
public sealed class TurnOutcomeUnknownProblem(string detail, string turnId, TimeSpan retryAfter) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status503ServiceUnavailable;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ApiProblems.SetRetryAfter(httpContext, retryAfter);
        return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["turnId"] = turnId }).ExecuteAsync(httpContext);
    }
}
