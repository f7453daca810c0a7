using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Problems;

/// <summary>
/// The framework's writer declines when the client's Accept header names no JSON type (an SSE client sends
/// <c>Accept: text/event-stream</c>). An error must still be a full problem body, so this writer, registered
/// after the framework's, takes what it declines.
/// </summary>
internal sealed class FallbackProblemDetailsWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions)
    : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        context.ProblemDetails.Status ??= context.HttpContext.Response.StatusCode;
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
            context.ProblemDetails, jsonOptions.Value.SerializerOptions, "application/problem+json"));
    }
}
