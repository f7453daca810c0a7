using GeminiClone.Api.Auth;
using GeminiClone.Api.Chatrooms;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Shares;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Shares;

/// <summary>
/// A chatroom's share links, for its owner: make one (a snapshot of the conversation as it is now), list them,
/// revoke one. What anyone with a link reads is in <see cref="SharedEndpoints"/>.
/// </summary>
public static class ShareEndpoints
{
    public const string Tag = "Shares";
    private const string ChatroomNotFound = "Chatroom not found.";
    private const string ShareNotFound = "Share link not found.";

    public static IEndpointRouteBuilder MapShareApi(this IEndpointRouteBuilder app)
    {
        var shares = app.MapGroup("/chatroom/{id:length(1,64)}/shares").WithTags(Tag).RequireAuthorization()
            .RequireWellFormedId(ChatroomNotFound);
        shares.MapPost("", CreateAsync).WithName("CreateShare")
            .WithSummary("Share the conversation as it is now: a read-only snapshot anyone with the link can read, without signing in")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        shares.MapGet("", ListAsync).WithName("ListShares").WithSummary("The chatroom's share links, newest first");
        shares.MapDelete("/{shareId:length(1,64)}", RevokeAsync).WithName("RevokeShare")
            .WithSummary("Revoke a share link: it answers 404 at once, on every server")
            .RequireWellFormedShareId(ShareNotFound);
        app.MapSharedApi();
        return app;
    }

    public static async Task<Results<Created<ApiResponse<ShareData>>, ProblemHttpResult>> CreateAsync(
        string id, HttpContext httpContext, IGrainFactory grains, ShareLinks links)
    {
        var created = await grains.GetGrain<IChatroomGrain>(id).ShareAsync(httpContext.User.GetUserId());
        if (created is { Status: ShareCreationStatus.Created, Share: { } share })
        {
            var url = links.UrlOf(share.Id, httpContext.Request);
            return TypedResults.Created($"/shared/{share.Id}", ApiResponse.Ok("Share link created successfully", ShareData.From(share, url)));
        }

        return created.Status switch
        {
            ShareCreationStatus.NotShareable => ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, "A temporary chat cannot be shared."),
            ShareCreationStatus.TooLarge => ApiProblems.Status(StatusCodes.Status422UnprocessableEntity,
                "This conversation is too long to share as one snapshot."),
            ShareCreationStatus.TooManyShares => ApiProblems.Conflict("This chatroom has as many share links as allowed; revoke one to make another."),
            _ => ApiProblems.NotFound(ChatroomNotFound),
        };
    }

    public static async Task<Results<Ok<ApiResponse<IReadOnlyList<ShareData>>>, ProblemHttpResult>> ListAsync(
        string id, HttpContext httpContext, IGrainFactory grains, ShareLinks links)
    {
        var shares = await grains.GetGrain<IChatroomGrain>(id).ListSharesAsync(httpContext.User.GetUserId());
        return shares is null
            ? ApiProblems.NotFound(ChatroomNotFound)
            : TypedResults.Ok(ApiResponse.Ok<IReadOnlyList<ShareData>>("Share links fetched successfully",
                [.. shares.Select(s => ShareData.From(s, links.UrlOf(s.Id, httpContext.Request)))]));
    }

    /// <summary>The caller's own list of links is asked directly: it holds no other user's, so another's link is a 404.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, string shareId, HttpContext httpContext, IGrainFactory grains) =>
        await grains.GetGrain<IUserSharesGrain>(httpContext.User.GetUserId()).RevokeAsync(id, shareId)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound(ShareNotFound);

    /// <summary>Answers 404 for a <c>shareId</c> route value that cannot be a share id, before any grain is asked.</summary>
    internal static TBuilder RequireWellFormedShareId<TBuilder>(this TBuilder builder, string notFoundDetail)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetRouteValue("shareId") is string shareId && !ShareIds.IsWellFormed(shareId)
                ? ApiProblems.NotFound(notFoundDetail)
                : await next(context));
}
