using System.Reflection;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// A turn that did not reply, as problem+json (with <c>Retry-After</c> or Gemini's block reason where they apply).
/// One typed result for every way a turn can fail, so the endpoint's signature documents them all.
/// </summary>
public sealed class ChatTurnProblem(ChatTurnResult result) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private static readonly int[] Statuses =
    [
        StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests,
        StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout,
    ];

    public int? StatusCode => ChatTurnResponses.StatusCodeOf(result.Status);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (result.Status == ChatTurnStatus.SessionRevoked)
        {
            // As the token check in front of every other route answers a revoked token (RFC 6750's challenge).
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return ChatTurnResponses.Problem(result).ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        foreach (var status in Statuses)
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }
    }
}
