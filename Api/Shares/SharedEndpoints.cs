using GeminiClone.Api.Auth;
using GeminiClone.Api.Chatrooms;
using GeminiClone.Api.Hosting;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Shares;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace GeminiClone.Api.Shares;

/// <summary>
/// What a share link opens: the snapshot and its files for anyone (no token, throttled per address, cacheable for a
/// minute, not for search engines), and for a signed-in reader a copy of it as a chatroom of their own. The truth is
/// the link's grain, asked on every request: no gateway keeps a copy that could outlive a revocation.
/// </summary>
public static class SharedEndpoints
{
    private const string NotFoundDetail = "Shared conversation not found.";
    private const string AttachmentNotFound = "Attachment not found.";

    public static IEndpointRouteBuilder MapSharedApi(this IEndpointRouteBuilder app)
    {
        // Caching and robots outermost, so the id filter's 404 carries them too.
        var reads = app.MapGroup("/shared/{shareId:length(1,64)}").WithTags(ShareEndpoints.Tag).WithPublicCaching()
            .RequireWellFormedShareId(NotFoundDetail).RequireRateLimiting(ShareLinks.RateLimitingPolicy);
        reads.MapGet("", GetAsync).WithName("GetSharedConversation")
            .WithSummary("A shared conversation, read-only, without signing in");
        reads.MapGet("/attachments/{attachmentId:length(1,64)}", DownloadAsync).WithName("DownloadSharedAttachment")
            .WithSummary("A file the shared conversation shows, with its media type; supports range requests")
            .ProducesFileDownload();
        app.MapPost("/shared/{shareId:length(1,64)}/continue", ContinueAsync).WithTags(ShareEndpoints.Tag).RequireAuthorization()
            .RequireWellFormedShareId(NotFoundDetail).WithName("ContinueSharedConversation")
            .WithSummary("Copy a shared conversation into a new chatroom of the caller's, to carry it on")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<Ok<ApiResponse<SharedConversationData>>, ProblemHttpResult>> GetAsync(string shareId, IGrainFactory grains) =>
        await grains.GetGrain<IShareGrain>(shareId).GetAsync() is { } shared
            ? TypedResults.Ok(ApiResponse.Ok("Shared conversation fetched successfully", SharedConversationData.From(shared)))
            : ApiProblems.NotFound(NotFoundDetail);

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        string shareId, string attachmentId, HttpContext httpContext, IGrainFactory grains, [FromServices] IAttachmentStore? store)
    {
        if (store is null)
        {
            return ApiProblems.Status(StatusCodes.Status503ServiceUnavailable, "Attachments are not configured: the gateway needs PostgreSQL (DATABASE_URL).");
        }

        var attachment = await grains.GetGrain<IShareGrain>(shareId).GetAttachmentAsync(attachmentId);
        if (attachment is null || await store.OpenReadAsync(attachment.Sha256, httpContext.RequestAborted) is not { } content)
        {
            return ApiProblems.NotFound(AttachmentNotFound);
        }

        return TypedResults.Stream(content, attachment.MediaType, attachment.Name, attachment.UploadedAt,
            new EntityTagHeaderValue($"\"{attachment.Sha256}\""), enableRangeProcessing: true);
    }

    /// <summary>Like <c>POST /chatroom</c>: counted against the caller's chatrooms, never their messages.</summary>
    public static async Task<Results<Created<ApiResponse<ChatroomData>>, ProblemHttpResult>> ContinueAsync(
        string shareId, HttpContext httpContext, IGrainFactory grains)
    {
        var userId = httpContext.User.GetUserId();
        var id = ResourceIds.New();
        var chatroom = grains.GetGrain<IChatroomGrain>(id);
        var copy = await chatroom.CopyShareAsync(userId, shareId);
        if (copy.Status == SharedCopyStatus.ShareNotFound)
        {
            return ApiProblems.NotFound(NotFoundDetail);
        }

        if (copy.Status != SharedCopyStatus.Created || await chatroom.GetPageAsync(userId, null, RequestLimits.PageMaxMessages) is not { } page)
        {
            return ApiProblems.Conflict("You have reached the maximum number of chatrooms; delete one to create another.");
        }

        var data = ChatroomData.From(page.Chatroom, [.. page.Messages.Select(MessageData.From)],
            new PagingData(page.FirstSequence, page.HasOlder, page.Chatroom.MessageCount)) with
        {
            Attachments = page.Attachments is { } files ? [.. files.Select(AttachmentData.From)] : null,
        };
        return TypedResults.Created($"/chatroom/{id}", ApiResponse.Ok("Chatroom created successfully", data));
    }

    /// <summary>
    /// <c>X-Robots-Tag: noindex</c> on everything (a link is for those it is given to, not for search engines); a
    /// snapshot never changes, so an answer may be cached for a minute (a revocation reaches caches within it), and a
    /// refusal not at all: a link revoked or not yet known must not stay answered from a cache.
    /// </summary>
    private static TBuilder WithPublicCaching<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var response = context.HttpContext.Response;
            response.Headers["X-Robots-Tag"] = "noindex";
            var result = await next(context);
            var answered = result is INestedHttpResult nested ? nested.Result : result;
            response.Headers.CacheControl = answered is IStatusCodeHttpResult { StatusCode: >= 400 } ? "no-store" : "public, max-age=60";
            return result;
        });
}
