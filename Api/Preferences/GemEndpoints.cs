using GeminiClone.Api.Auth;
using GeminiClone.Api.Chatrooms;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Users.Preferences;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Preferences;

/// <summary>
/// Gems: saved assistants (instructions, a model, tools) that chatrooms start from (<c>POST /chatroom</c> with
/// <c>gemId</c>). A model or tools are refused as a chatroom's settings are: 400 naming the field, 403 when the plan
/// does not include them, 422 when the model does not take a tool. Over <c>Gems:MaxPerUser</c> is a 409, as for chatrooms and API keys.
/// </summary>
public static class GemEndpoints
{
    public const string NotFoundDetail = "Gem not found.";

    public static IEndpointRouteBuilder MapGemApi(this IEndpointRouteBuilder app)
    {
        var gems = app.MapGroup("/gems").WithTags("Gems").RequireAuthorization().RequireWellFormedId(NotFoundDetail);
        gems.MapPost("/", CreateAsync).WithName("CreateGem")
            .WithSummary("Save an assistant: instructions, and optionally a model and tools; start chatrooms from it with gemId")
            .ProducesPreferenceRefusals().ProducesProblem(StatusCodes.Status409Conflict);
        gems.MapGet("/", ListAsync).WithName("ListGems").WithSummary("The caller's Gems, newest first");
        gems.MapGet("/{id:length(1,64)}", GetAsync).WithName("GetGem").WithSummary("A Gem");
        gems.MapPatch("/{id:length(1,64)}", UpdateAsync).WithName("UpdateGem")
            .WithSummary("Change a Gem; the chatrooms started from it use the change from their next turn")
            .ProducesPreferenceRefusals();
        gems.MapDelete("/{id:length(1,64)}", DeleteAsync).WithName("DeleteGem")
            .WithSummary("Delete a Gem; its chatrooms keep working with the instructions, model and tools they last used");
        return app;
    }

    public static async Task<Results<Created<ApiResponse<GemData>>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateGemRequest request, HttpContext httpContext, IGrainFactory grains)
    {
        var id = ResourceIds.New();
        var result = await Gems(httpContext, grains).CreateGemAsync(id, request.ToDraft());
        return result switch
        {
            { Status: PreferencesStatus.Saved, Gem: { } gem } =>
                TypedResults.Created($"/gems/{gem.Id}", ApiResponse.Ok("Gem created successfully", GemData.From(gem))),
            { Status: PreferencesStatus.TooManyGems } => ApiProblems.Conflict(result.Detail!),
            { Status: PreferencesStatus.Invalid } => ApiProblems.Invalid(result.Field!, result.Detail!),
            { Status: PreferencesStatus.NotOnPlan } => ApiProblems.Status(StatusCodes.Status403Forbidden, result.Detail!),
            _ => ApiProblems.Unprocessable(result.Field!, result.Detail!),
        };
    }

    public static async Task<Ok<ApiResponse<IReadOnlyList<GemData>>>> ListAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var gems = await Gems(httpContext, grains).ListGemsAsync();
        return TypedResults.Ok(ApiResponse.Ok<IReadOnlyList<GemData>>("Gems fetched successfully", [.. gems.Select(GemData.From)]));
    }

    public static async Task<Results<Ok<ApiResponse<GemData>>, ProblemHttpResult>> GetAsync(string id, HttpContext httpContext, IGrainFactory grains) =>
        await Gems(httpContext, grains).GetGemAsync(id) is { } gem
            ? TypedResults.Ok(ApiResponse.Ok("Gem fetched successfully", GemData.From(gem)))
            : ApiProblems.NotFound(NotFoundDetail);

    public static async Task<Results<Ok<ApiResponse<GemData>>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, UpdateGemRequest request, HttpContext httpContext, IGrainFactory grains)
    {
        if (request.ChangesNothing)
        {
            return ApiProblems.BadRequest("Nothing to change: send name, description, instructions, model or tools.");
        }

        var result = await Gems(httpContext, grains).ChangeGemAsync(id, request.ToChange());
        return result switch
        {
            { Status: PreferencesStatus.Saved, Gem: { } gem } => TypedResults.Ok(ApiResponse.Ok("Gem updated successfully", GemData.From(gem))),
            { Status: PreferencesStatus.NotFound } => ApiProblems.NotFound(NotFoundDetail),
            { Status: PreferencesStatus.Invalid } => ApiProblems.Invalid(result.Field!, result.Detail!),
            { Status: PreferencesStatus.NotOnPlan } => ApiProblems.Status(StatusCodes.Status403Forbidden, result.Detail!),
            _ => ApiProblems.Unprocessable(result.Field!, result.Detail!),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext httpContext, IGrainFactory grains) =>
        await Gems(httpContext, grains).DeleteGemAsync(id) ? TypedResults.NoContent() : ApiProblems.NotFound(NotFoundDetail);

    private static IUserPreferencesGrain Gems(HttpContext httpContext, IGrainFactory grains) =>
        grains.GetGrain<IUserPreferencesGrain>(httpContext.User.GetUserId());
}
