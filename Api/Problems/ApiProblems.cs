using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace GeminiClone.Api.Problems;

/// <summary>
/// Every error leaves as RFC 9457 problem+json. Endpoints return these results; middleware that has no endpoint
/// result (authentication, throttling) writes through the same <see cref="IProblemDetailsService"/>, so
/// <see cref="ProblemDetailsSetup"/> shapes them all alike.
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult Status(int statusCode, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: statusCode);

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);

    public static ProblemHttpResult Conflict(string detail) => Status(StatusCodes.Status409Conflict, detail);

    public static ProblemHttpResult BadRequest(string detail) => Status(StatusCodes.Status400BadRequest, detail);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>422: the request is well formed, but <paramref name="field"/> asks for something this resource cannot do.</summary>
    public static ProblemHttpResult Unprocessable(string field, string message) =>
        TypedResults.Problem(detail: message, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    public static TooManyRequestsProblem TooManyRequests(string detail, TimeSpan retryAfter) => new(detail, retryAfter);

    /// <summary>429 of a kind of its own, named by <paramref name="type"/> (RFC 9457), so a client can tell it from a throttle.</summary>
    public static TooManyRequestsProblem TooManyRequests(string detail, TimeSpan retryAfter, string type, string title) =>
        new(detail, retryAfter) { Type = type, Title = title };

    /// <summary>503 with <c>Retry-After</c>: the service or a part it needs will be back; the client should wait this long.</summary>
    public static RetryLaterProblem ServiceUnavailable(string detail, TimeSpan retryAfter) =>
        new(StatusCodes.Status503ServiceUnavailable, detail, retryAfter);

    public static Task WriteAsync(HttpContext httpContext, int statusCode, string detail)
    {
        httpContext.Response.StatusCode = statusCode;
        return httpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = statusCode, Detail = detail },
        }).AsTask();
    }

    public static ValueTask WriteTooManyRequestsAsync(HttpContext httpContext, string detail, TimeSpan retryAfter)
    {
        SetRetryAfter(httpContext, retryAfter);
        return new ValueTask(WriteAsync(httpContext, StatusCodes.Status429TooManyRequests, detail));
    }

    /// <summary>The 503 for a request the service cannot serve now (its cluster or a store is away), with <c>Retry-After</c>.</summary>
    public static Task WriteUnavailableAsync(HttpContext httpContext)
    {
        SetRetryAfter(httpContext, ClusterOutages.RetryAfter);
        return WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, "The service is temporarily unavailable; try again shortly.");
    }

    /// <summary>Whole seconds, rounded up, never zero: a client that retries at once would only be refused again.</summary>
    public static void SetRetryAfter(HttpContext httpContext, TimeSpan retryAfter) =>
        httpContext.Response.Headers.RetryAfter =
            Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

/// <summary>A problem with a <c>Retry-After</c> header (429 or 503).</summary>
public class RetryLaterProblem(int statusCode, string detail, TimeSpan retryAfter) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => statusCode;

    public TimeSpan RetryAfter => retryAfter;

    /// <summary>The problem's type URI; null: <c>about:blank</c>, the status says it all.</summary>
    public string? Type { get; init; }

    public string? Title { get; init; }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ApiProblems.SetRetryAfter(httpContext, retryAfter);
        return TypedResults.Problem(detail: detail, statusCode: statusCode, title: Title, type: Type).ExecuteAsync(httpContext);
    }
}

/// <summary>429 problem with a <c>Retry-After</c> header, as a typed result so the OpenAPI document lists it.</summary>
public sealed class TooManyRequestsProblem(string detail, TimeSpan retryAfter)
    : RetryLaterProblem(StatusCodes.Status429TooManyRequests, detail, retryAfter), IEndpointMetadataProvider
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]));
}
