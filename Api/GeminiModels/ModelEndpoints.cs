using GeminiClone.Api.Auth;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.GeminiModels;

public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/models", GetModelsAsync).WithTags("Gemini models").RequireAuthorization()
            .WithName("ListModels").WithSummary("The Gemini models the caller's plan may use, the default first");
        return app;
    }

    public static async Task<Ok<ApiResponse<IReadOnlyList<ModelData>>>> GetModelsAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var tier = (await httpContext.GetCallerProfileAsync(grains))?.Tier ?? UserTier.Basic;
        var models = await grains.GetGrain<IModelCatalogGrain>(0).GetModelsAsync(tier);
        return TypedResults.Ok(ApiResponse.Ok<IReadOnlyList<ModelData>>("Models fetched successfully", [.. models.Select(ModelData.From)]));
    }
}
