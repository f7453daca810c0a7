using GeminiClone.Api.Auth;
using GeminiClone.Api.Chatrooms;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Folders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Folders;

/// <summary>
/// Folders for chatrooms: a chatroom goes into one with <c>PATCH /chatroom/:id</c> (<c>folderId</c>), and
/// <c>GET /chatroom?folder=</c> lists one's chatrooms. Another user's folder is a 404 like a missing one.
/// </summary>
public static class FolderEndpoints
{
    private const string NotFoundDetail = "Folder not found.";

    public static IEndpointRouteBuilder MapFolderApi(this IEndpointRouteBuilder app)
    {
        var folders = app.MapGroup("/folders").WithTags("Folders").RequireAuthorization().RequireWellFormedId(NotFoundDetail);
        folders.MapPost("/", CreateAsync).WithName("CreateFolder").WithSummary("Create a folder for chatrooms")
            .ProducesProblem(StatusCodes.Status409Conflict);
        folders.MapGet("/", ListAsync).WithName("ListFolders").WithSummary("The caller's folders by name, each with how many chatrooms it holds");
        folders.MapPatch("/{id:length(1,64)}", RenameAsync).WithName("RenameFolder").WithSummary("Rename a folder");
        folders.MapDelete("/{id:length(1,64)}", DeleteAsync).WithName("DeleteFolder")
            .WithSummary("Delete a folder; its chatrooms stay, in no folder");
        return app;
    }

    public static async Task<Results<Created<ApiResponse<FolderData>>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        FolderRequest request, HttpContext httpContext, IGrainFactory grains)
    {
        var folder = await Folders(grains, httpContext).CreateAsync(request.Name.Trim());
        return folder is null
            // 409 as for chatrooms and API keys: the request is fine, the caller's set of folders is full.
            ? ApiProblems.Conflict("You have as many folders as allowed; delete one to create another.")
            : TypedResults.Created($"/folders/{folder.Id}", ApiResponse.Ok("Folder created successfully", FolderData.From(folder)));
    }

    public static async Task<Ok<ApiResponse<IReadOnlyList<FolderListItem>>>> ListAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var folders = await Folders(grains, httpContext).ListAsync();
        return TypedResults.Ok(ApiResponse.Ok<IReadOnlyList<FolderListItem>>("Folders fetched successfully", [.. folders.Select(FolderListItem.From)]));
    }

    public static async Task<Results<Ok<ApiResponse<FolderData>>, ValidationProblem, ProblemHttpResult>> RenameAsync(
        string id, FolderRequest request, HttpContext httpContext, IGrainFactory grains) =>
        await Folders(grains, httpContext).RenameAsync(id, request.Name.Trim()) is { } folder
            ? TypedResults.Ok(ApiResponse.Ok("Folder renamed successfully", FolderData.From(folder)))
            : ApiProblems.NotFound(NotFoundDetail);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext httpContext, IGrainFactory grains) =>
        await Folders(grains, httpContext).DeleteAsync(id)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound(NotFoundDetail);

    private static IUserFoldersGrain Folders(IGrainFactory grains, HttpContext httpContext) =>
        grains.GetGrain<IUserFoldersGrain>(httpContext.User.GetUserId());
}
