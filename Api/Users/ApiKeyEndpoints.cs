using GeminiClone.Api.Auth;
using GeminiClone.Api.Hosting;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Users.ApiKeys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Users;

/// <summary>API keys for programs: created, listed and revoked by the signed-in person only (never by a key).</summary>
public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/user/api-keys").WithTags("User").RequireSignedInPerson().WithNoStore().WithCallerAddress();
        keys.MapPost("", CreateAsync).WithName("CreateApiKey")
            .WithSummary("Create an API key for a program; the key is in this answer only (send it as Authorization: Bearer gc_...)");
        keys.MapGet("", ListAsync).WithName("GetApiKeys").WithSummary("The caller's API keys, newest first, without the keys themselves");
        keys.MapDelete("/{keyId:length(1,64)}", RevokeAsync).WithName("RevokeApiKey")
            .WithSummary("Revoke an API key: it stops working at once, on every server");
        return app;
    }

    public static async Task<Results<Created<ApiResponse<CreatedApiKeyData>>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, HttpContext httpContext, IGrainFactory grains, TimeProvider clock)
    {
        if (request.ExpiresAt is { } expiresAt && expiresAt <= clock.GetUtcNow())
        {
            return ApiProblems.Invalid("expiresAt", "Must be in the future.");
        }

        var created = await grains.GetGrain<IApiKeyRingGrain>(httpContext.User.GetUserId()).CreateAsync(request.Name.Trim(), request.ExpiresAt);
        return created is null
            ? ApiProblems.Conflict("You have as many API keys as allowed; revoke one you no longer use first.")
            : TypedResults.Created($"/user/api-keys/{created.Info.Id}", ApiResponse.Ok("API key created; copy it now, it is not shown again",
                CreatedApiKeyData.From(created)));
    }

    public static async Task<Ok<ApiResponse<IReadOnlyList<ApiKeyData>>>> ListAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var keys = await grains.GetGrain<IApiKeyRingGrain>(httpContext.User.GetUserId()).ListAsync();
        return TypedResults.Ok(ApiResponse.Ok<IReadOnlyList<ApiKeyData>>("API keys retrieved successfully", [.. keys.Select(ApiKeyData.From)]));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string keyId, HttpContext httpContext, IGrainFactory grains) =>
        await grains.GetGrain<IApiKeyRingGrain>(httpContext.User.GetUserId()).RevokeAsync(keyId)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound("API key not found.");
}
