using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Users;

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/user").WithTags("User").RequireAuthorization();
        user.MapGet("/me", GetMeAsync).WithName("GetMe").WithSummary("The signed-in user's profile");
        return app;
    }

    public static async Task<Results<Ok<ApiResponse<UserData>>, ProblemHttpResult>> GetMeAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var profile = await httpContext.GetCallerProfileAsync(grains);
        return profile is null
            ? ApiProblems.NotFound("User not found.")
            : TypedResults.Ok(ApiResponse.Ok("User profile retrieved successfully", UserData.From(profile)));
    }
}
