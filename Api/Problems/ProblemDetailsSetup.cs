using System.Diagnostics;
using System.Text.Json;
using GeminiClone.Grains.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GeminiClone.Api.Problems;

/// <summary>
/// Adds what old clients read (<c>success: false</c>, <c>message</c>) and what operators need (<c>traceId</c>) to
/// every problem, whoever wrote it: endpoints, validation, authentication, throttling, status code pages.
/// </summary>
public static class ProblemDetailsSetup
{
    /// <summary>Used when whoever set the status gave no detail (status code pages, the framework's 415).</summary>
    private static readonly Dictionary<int, string> DefaultDetails = new()
    {
        [StatusCodes.Status404NotFound] = "There is no such endpoint.",
        [StatusCodes.Status405MethodNotAllowed] = "This endpoint does not accept that HTTP method.",
        [StatusCodes.Status413PayloadTooLarge] = "The request body is too large.",
        [StatusCodes.Status415UnsupportedMediaType] = "The request body must be JSON (Content-Type: application/json).",
    };

    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
            {
                NameFieldsAsInJson(validation);
                problem.Detail ??= "Validation failed: " + string.Join(" ", validation.Errors.SelectMany(e => e.Value));
            }

            // RFC 9457: "about:blank" with the status's reason phrase as title, where no finer type applies.
            problem.Type ??= "about:blank";
            problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status ?? context.HttpContext.Response.StatusCode);
            problem.Detail ??= DefaultDetails.GetValueOrDefault(problem.Status ?? 0) ?? problem.Title;
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["success"] = false;
            problem.Extensions["message"] = problem.Detail;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddSingleton<IProblemDetailsWriter, FallbackProblemDetailsWriter>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ClusterOutages>();
        services.TryAddSingleton<StorageOutageLog>();
        services.AddValidatedOptions<RequestDeadlineOptions>(RequestDeadlineOptions.Section);
        services.AddSingleton<RequestDeadlines>();
        return services;
    }

    /// <summary>Validation reports C# member names (<c>MobileNumber</c>); clients sent and know <c>mobileNumber</c>.</summary>
    private static void NameFieldsAsInJson(HttpValidationProblemDetails validation)
    {
        var errors = validation.Errors.ToDictionary(
            e => string.Join('.', e.Key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName)),
            e => e.Value);
        validation.Errors.Clear();
        foreach (var (field, messages) in errors)
        {
            validation.Errors[field] = messages;
        }
    }
}
