using GeminiClone.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GeminiClone.Api.Hosting;

/// <summary>
/// The statuses every endpoint can answer because of what it is, not what its handler returns: declared once by
/// convention so a new endpoint is described as truly as the old ones. Middleware answers 401/403 before a handler
/// runs, the id filter and the grains 404, the body reader 400/413/415, the throttle 429, and the exception handler
/// 503 whenever the cluster or its storage is out of reach. Operations without a bearer requirement say so with an
/// explicit empty <c>security</c>, as generated clients and linters need.
/// </summary>
internal static class OpenApiResponseConventions
{
    private const string ProblemSchemaId = "ProblemDetails";
    private const string ValidationProblemSchemaId = "HttpValidationProblemDetails";

    public static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];
        DeclareSecurity(operation, context);

        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path))
        {
            AddProblem(operation, context, StatusCodes.Status404NotFound, "Not found, or not the caller's.");
        }

        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Query))
        {
            AddProblem(operation, context, StatusCodes.Status400BadRequest, "A query parameter is malformed or out of range.");
        }

        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body) || operation.RequestBody is not null)
        {
            AddProblem(operation, context, StatusCodes.Status400BadRequest, "The body is malformed or a field is invalid.", validation: true);
            AddProblem(operation, context, StatusCodes.Status413PayloadTooLarge, "The body is over the size limit.");
            AddProblem(operation, context, StatusCodes.Status415UnsupportedMediaType, "The body has the wrong content type.");
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            AddProblem(operation, context, StatusCodes.Status429TooManyRequests, "Too many requests; wait for Retry-After seconds.");
        }

        AddProblem(operation, context, StatusCodes.Status503ServiceUnavailable,
            "The service or a part it needs is temporarily unavailable; try again after Retry-After seconds.");

        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse { Description: null or "" } undescribed && int.TryParse(status, out var code))
            {
                undescribed.Description = ReasonPhrases.GetReasonPhrase(code);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A protected route requires the bearer scheme and may answer 401, and 403 (a suspended account; an API key where
    /// only a person may call; a caller who is no operator on the admin API); others say they need nothing.
    /// </summary>
    private static void DeclareSecurity(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var protectedRoute = authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any();
        if (protectedRoute)
        {
            operation.Security ??= [];
            if (operation.Security.Count == 0)
            {
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.BearerScheme, context.Document)] = [] });
            }

            AddProblem(operation, context, StatusCodes.Status401Unauthorized, "Missing, invalid or expired access token.");
            AddProblem(operation, context, StatusCodes.Status403Forbidden, authorize.Select(a => a.Policy).FirstOrDefault(p => p is not null) switch
            {
                AuthPolicies.Admin => "Not an operator (the admin role, signed in as a person), or the account is suspended.",
                AuthPolicies.SignedInPerson => "An API key may not call this route (sign in as a person), or the account is suspended.",
                _ => "The account is suspended (type urn:geminiclone:problem:account-suspended).",
            });
        }
        else
        {
            operation.Security = [];
        }
    }

    /// <summary>A problem+json response for <paramref name="status"/>, unless the endpoint already declares that status.</summary>
    public static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description,
        bool validation = false)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.TryGetValue(key, out var existing))
        {
            if (existing is OpenApiResponse { Content: null or { Count: 0 } } bare)
            {
                bare.Content = ProblemContent(context, validation);
            }

            return;
        }

        operation.Responses[key] = new OpenApiResponse { Description = description, Content = ProblemContent(context, validation) };
    }

    private static Dictionary<string, OpenApiMediaType> ProblemContent(OpenApiOperationTransformerContext context, bool validation) => new()
    {
        ["application/problem+json"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchemaReference(validation && HasSchema(context, ValidationProblemSchemaId) ? ValidationProblemSchemaId : ProblemSchemaId, context.Document),
        },
    };

    private static bool HasSchema(OpenApiOperationTransformerContext context, string id) =>
        context.Document?.Components?.Schemas?.ContainsKey(id) == true;
}
