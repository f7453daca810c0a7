using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Endpoints;

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
        var profile = JwtBearerSetup.AuthenticatedProfile(httpContext)
            ?? await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId()).GetProfileAsync();
        return profile is null
            ? ApiProblems.NotFound("User not found.")
            : TypedResults.Ok(ApiResponse.Ok("User profile retrieved successfully", UserData.From(profile)));
    }
}
