using GeminiClone.Api.Auth;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Endpoints;

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
        var tier = JwtBearerSetup.AuthenticatedProfile(httpContext)?.Tier
            ?? (await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId()).GetProfileAsync())?.Tier
            ?? UserTier.Basic;
        var models = await grains.GetGrain<IModelCatalogGrain>(0).GetModelsAsync(tier);
        return TypedResults.Ok(ApiResponse.Ok<IReadOnlyList<ModelData>>("Models fetched successfully", [.. models.Select(ModelData.From)]));
    }
}

/// <param name="ThinkingLevels">The levels a chatroom may set for it; empty when the model takes none.</param>
/// <param name="DefaultThinkingLevel">What it uses when the chatroom sets none.</param>
/// <param name="IsDefault">The model of chatrooms that choose none.</param>
public sealed record ModelData(string Id, string DisplayName, IReadOnlyList<string> ThinkingLevels, string? DefaultThinkingLevel, bool IsDefault)
{
    public static ModelData From(ModelInfo model) =>
        new(model.Id, model.DisplayName, model.ThinkingLevels, model.DefaultThinkingLevel, model.IsDefault);
}
