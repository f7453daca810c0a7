using System.Security.Claims;

namespace GeminiClone.Api.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The authenticated user's id; only called behind <c>RequireAuthorization</c>, where it always exists.</summary>
    public static string GetUserId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(AccessTokens.UserIdClaim)
        ?? throw new InvalidOperationException("An authenticated principal carries no user id.");
}
