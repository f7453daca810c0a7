using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GeminiClone.Api.Problems;

/// <summary>
/// The answer to every request of a suspended account, with any credential, and to its sign-in: 403, not 401. A
/// 401 says "these credentials are not good, get new ones", and a client that hears it signs in again, or refreshes,
/// in a loop; 403 says "we know who you are, and the answer is no", which is the case. The <c>type</c> lets a client
/// tell it from other refusals and show the user why.
/// </summary>
public static class SuspendedAccount
{
    public const string Type = "urn:geminiclone:problem:account-suspended";
    public const string Title = "Account suspended";
    public const string Detail = Grains.Interfaces.Users.CallerRefusals.Suspended;

    public static ProblemHttpResult Problem() =>
        TypedResults.Problem(detail: Detail, statusCode: StatusCodes.Status403Forbidden, title: Title, type: Type);

    public static Task WriteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        return httpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = Title, Detail = Detail, Type = Type },
        }).AsTask();
    }
}
