using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Users.Preferences;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Preferences;

/// <summary>The caller's instructions for every chatroom, and the model and tools new chatrooms take.</summary>
public static class PreferenceEndpoints
{
    public static IEndpointRouteBuilder MapPreferenceApi(this IEndpointRouteBuilder app)
    {
        var preferences = app.MapGroup("/user/preferences").WithTags("User").RequireAuthorization();
        preferences.MapGet("", GetAsync).WithName("GetPreferences")
            .WithSummary("The caller's instructions for every chatroom, and the model and tools new chatrooms take (defaults when never set)");
        preferences.MapPut("", SetAsync).WithName("SetPreferences")
            .WithSummary("Replace the caller's instructions (sent to Gemini before every chatroom's own), default model and default tools")
            .ProducesPreferenceRefusals();
        return app;
    }

    public static async Task<Ok<ApiResponse<PreferencesData>>> GetAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var preferences = await grains.GetGrain<IUserPreferencesGrain>(httpContext.User.GetUserId()).GetPreferencesAsync();
        return TypedResults.Ok(ApiResponse.Ok("Preferences fetched successfully", PreferencesData.From(preferences)));
    }

    public static async Task<Results<Ok<ApiResponse<PreferencesData>>, ValidationProblem, ProblemHttpResult>> SetAsync(
        SetPreferencesRequest request, HttpContext httpContext, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IUserPreferencesGrain>(httpContext.User.GetUserId())
            .SetPreferencesAsync(request.Instructions.Trim(), request.Model, request.Tools);
        return result switch
        {
            { Status: PreferencesStatus.Saved, Preferences: { } saved } =>
                TypedResults.Ok(ApiResponse.Ok("Preferences saved successfully", PreferencesData.From(saved))),
            { Status: PreferencesStatus.Invalid } => ApiProblems.Invalid(result.Field!, result.Detail!),
            { Status: PreferencesStatus.NotOnPlan } => ApiProblems.Status(StatusCodes.Status403Forbidden, result.Detail!),
            _ => ApiProblems.Unprocessable(result.Field!, result.Detail!),
        };
    }

    /// <summary>A model or tools the plan does not include (403) or a tool the model does not take (422), as for a chatroom's settings.</summary>
    internal static RouteHandlerBuilder ProducesPreferenceRefusals(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
