using System.Text.Json;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GeminiClone.Api.Problems;

/// <summary>
/// Turns what escapes an endpoint into a problem. Bad requests keep their 4xx; a cluster or storage that cannot
/// answer is a 503 with Retry-After (logged once per outage by <see cref="ClusterOutages"/>); anything else is our
/// bug, logged in full and answered with a bare 500 (no stack trace).
/// </summary>
internal sealed partial class ApiExceptionHandler(
    IProblemDetailsService problems, ClusterOutages outages, StorageOutageLog storageOutages, ILogger<ApiExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        int status;
        string detail;
        if (exception is BadHttpRequestException bad)
        {
            (status, detail) = (bad.StatusCode, DescribeBadRequest(bad));
        }
        else if (FindStorageUnavailable(exception) is { } unavailable)
        {
            // Before the cluster test: a grain whose state cannot be loaded reaches us as a rejected message too.
            (status, detail) = (StatusCodes.Status503ServiceUnavailable, unavailable.MayHaveLanded
                ? "Storage stopped answering while this change was being saved, so it may or may not have been stored; check before trying again."
                : "Storage is temporarily unavailable, so nothing was changed; try again shortly.");
            storageOutages.Failed("Storage", () => unavailable.Message);
            ApiProblems.SetRetryAfter(httpContext, ClusterOutages.RetryAfter);
        }
        else if (ClusterOutages.IsClusterUnreachable(exception))
        {
            (status, detail) = (StatusCodes.Status503ServiceUnavailable, "The service is temporarily unavailable; try again shortly.");
            outages.Record(exception);
            ApiProblems.SetRetryAfter(httpContext, ClusterOutages.RetryAfter);
        }
        else if (IsStorageFailure(exception))
        {
            (status, detail) = (StatusCodes.Status503ServiceUnavailable, "Storage is temporarily unavailable, so nothing was changed; try again shortly.");
            LogStorageFailure(exception, httpContext.Request.Method, httpContext.Request.Path);
            ApiProblems.SetRetryAfter(httpContext, ClusterOutages.RetryAfter);
        }
        else
        {
            (status, detail) = (StatusCodes.Status500InternalServerError, "An unexpected error occurred.");
            LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        GeminiClone.Api.Hosting.ResponseHeaders.SetNoSniff(httpContext.Response);
        var problem = new ProblemDetails { Status = status, Detail = detail };
        if (status == StatusCodes.Status503ServiceUnavailable && TurnInFlight.Of(httpContext) is { } turnId)
        {
            // The turn may have run: named, the client can follow it (GET …/turns/:turnId/events) instead of guessing.
            problem.Extensions["turnId"] = turnId;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    /// <summary>
    /// Written for a client: the framework's own messages name our types and parameters ("could not be converted to
    /// GeminiClone.Api.Endpoints.SignUpRequest", "Did you mean to use a Service instead?"), so none is passed on.
    /// </summary>
    private static string DescribeBadRequest(BadHttpRequestException exception) => exception switch
    {
        { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            $"The request body is larger than the {RequestLimits.MaxJsonBodyBytes / 1024} KiB limit.",
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => "The request body must be JSON (Content-Type: application/json).",
        { InnerException: JsonException { Path: { Length: > 1 } path } } =>
            $"The request body is not valid JSON for this endpoint (at {path}).",
        { InnerException: JsonException } => "The request body is not valid JSON for this endpoint: it must be a JSON object.",
        _ when exception.Message.Contains("body was not provided", StringComparison.OrdinalIgnoreCase)
            || exception.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase)
            || exception.Message.Contains("from body", StringComparison.OrdinalIgnoreCase) => "A JSON request body is required.",
        _ when BoundParameter().Match(exception.Message) is { Success: true } bound =>
            $"The value of '{bound.Groups["name"].Value}' is not valid.",
        _ => "The request could not be read.",
    };

    /// <summary>The framework's <c>Failed to bind parameter "int? before" from "abc".</c>: only the name is the client's.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("""^Failed to bind parameter "(?:[^"]*\s)?(?<name>\w+)" from""")]
    private static partial System.Text.RegularExpressions.Regex BoundParameter();

    /// <summary>
    /// Grain state could not be read or written: the database is down, or a write raced a stale copy. Orleans wraps
    /// a provider's exception in an <see cref="OrleansException"/>, so the cause is looked for down the chain.
    /// </summary>
    private static bool IsStorageFailure(Exception exception) => exception.Any(static e =>
        e is System.Data.Common.DbException or Orleans.Storage.InconsistentStateException or IOException);

    /// <summary>What a silo sends when grain state cannot be read or written (see <c>GuardedGrainStorage</c>).</summary>
    private static StorageUnavailableException? FindStorageUnavailable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is StorageUnavailableException unavailable)
            {
                return unavailable;
            }
        }

        return null;
    }

    [LoggerMessage(LogLevel.Warning, "Storage failed for {Method} {Path}; answered 503")]
    private partial void LogStorageFailure(Exception exception, string method, string path);

    [LoggerMessage(LogLevel.Error, "Unhandled exception for {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
